using System.Globalization;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// Writes the <c>deployment</c> object of one workload exactly as docs/app-model-contract.md says:
/// only keys that were set, in a fixed order, so the manifest is deterministic.
/// </summary>
internal static class DeploymentManifestWriter
{
    public const string DeploymentKind = "Deployment";
    public const string TrainingJobKind = "TrainingJob";

    public static void Write(IResource resource, Utf8JsonWriter writer)
    {
        var training = resource as ITrainingJobResource;
        var job = training is null ? null : resource.Annotations.OfType<TrainingJobAnnotation>().LastOrDefault() ?? new TrainingJobAnnotation();
        writer.WriteString("kind", training is null ? DeploymentKind : TrainingJobKind);

        if (training is null && resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas))
        {
            writer.WriteNumber("replicas", replicas.Replicas);
        }

        resource.TryGetLastAnnotation<KubernetesResourcesAnnotation>(out var requirements);
        WriteResources(writer, requirements);

        if (resource.TryGetLastAnnotation<GpuAnnotation>(out var gpu))
        {
            writer.WriteStartObject("gpu");
            writer.WriteNumber("count", gpu.Count);
            EnvironmentManifestWriter.WriteIfSet(writer, "product", gpu.Product);
            EnvironmentManifestWriter.WriteIfSet(writer, "mig", gpu.Mig);
            EnvironmentManifestWriter.WriteIfSet(writer, "shmSize", gpu.ShmSize);
            EnvironmentManifestWriter.WriteIfSet(writer, "allocation", gpu.Allocation is { } allocation ? AllocationName(allocation) : null);
            EnvironmentManifestWriter.WriteIfSet(writer, "minMemory", gpu.MinMemory);
            writer.WriteEndObject();
        }

        if (training is null)
        {
            var probes = ProbeReader.Read(resource);
            if (probes.Count > 0)
            {
                writer.WriteStartArray("probes");
                foreach (var probe in probes)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", probe.Type);
                    if (probe.Command is { } command)
                    {
                        writer.WriteStartArray("command");
                        foreach (var part in command)
                        {
                            writer.WriteStringValue(part);
                        }

                        writer.WriteEndArray();
                    }
                    else
                    {
                        writer.WriteString("path", probe.Path);
                        EnvironmentManifestWriter.WriteIfSet(writer, "endpoint", probe.Endpoint);
                    }

                    WriteIfSet(writer, "initialDelaySeconds", probe.InitialDelaySeconds);
                    WriteIfSet(writer, "periodSeconds", probe.PeriodSeconds);
                    WriteIfSet(writer, "timeoutSeconds", probe.TimeoutSeconds);
                    WriteIfSet(writer, "failureThreshold", probe.FailureThreshold);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
        }

        if (resource.TryGetLastAnnotation<StartupTimeoutAnnotation>(out var startup))
        {
            writer.WriteNumber("startupTimeoutSeconds", (long)startup.Timeout.TotalSeconds);
        }

        if (resource.TryGetLastAnnotation<AutoscalingAnnotation>(out var scaling))
        {
            writer.WriteStartObject("autoscaling");
            writer.WriteNumber("minReplicas", scaling.MinReplicas);
            writer.WriteNumber("maxReplicas", scaling.MaxReplicas);
            WriteIfSet(writer, "cpuUtilization", scaling.CpuUtilization);
            WriteIfSet(writer, "memoryUtilization", scaling.MemoryUtilization);
            if (scaling.Metrics.Count > 0)
            {
                writer.WriteStartArray("metrics");
                foreach (var metric in scaling.Metrics)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", metric.Name);
                    writer.WriteString("averageValue", metric.AverageValue);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        if (resource.TryGetLastAnnotation<IngressAnnotation>(out var ingress))
        {
            writer.WriteStartObject("ingress");
            EnvironmentManifestWriter.WriteIfSet(writer, "host", ingress.Host);
            EnvironmentManifestWriter.WriteIfSet(writer, "path", ingress.Path);
            EnvironmentManifestWriter.WriteIfSet(writer, "tlsSecret", ingress.TlsSecret);
            EnvironmentManifestWriter.WriteIfSet(writer, "className", ingress.ClassName);
            EnvironmentManifestWriter.WriteIfSet(writer, "endpoint", ingress.EndpointName);
            writer.WriteEndObject();
        }

        if (resource.TryGetLastAnnotation<ModelCacheAnnotation>(out var cache))
        {
            writer.WriteStartObject("modelCache");
            writer.WriteString("size", cache.Size);
            EnvironmentManifestWriter.WriteIfSet(writer, "mountPath", cache.MountPath);
            EnvironmentManifestWriter.WriteIfSet(writer, "storageClass", cache.StorageClass);
            writer.WriteEndObject();
        }

        if (resource.TryGetLastAnnotation<EphemeralStorageAnnotation>(out _))
        {
            writer.WriteBoolean("ephemeralStorage", true);
        }

        WriteKubernetes2026(resource, writer);
        var dependsOn = resource.Annotations.OfType<WaitAnnotation>()
            .Select(w => w.Resource.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (dependsOn.Count > 0)
        {
            writer.WriteStartArray("dependsOn");
            foreach (var name in dependsOn)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (job is not null && !IsEmpty(job))
        {
            writer.WriteStartObject("trainingJob");
            WriteTrainingJob(writer, job);
            writer.WriteEndObject();
        }
    }

    internal static void WriteResources(Utf8JsonWriter writer, KubernetesResourcesAnnotation? resources)
    {
        if (resources is null || !resources.HasRequests && !resources.HasLimits)
        {
            return;
        }

        writer.WriteStartObject("resources");
        if (resources.HasRequests)
        {
            writer.WriteStartObject("requests");
            EnvironmentManifestWriter.WriteIfSet(writer, "cpu", resources.CpuRequest);
            EnvironmentManifestWriter.WriteIfSet(writer, "memory", resources.MemoryRequest);
            writer.WriteEndObject();
        }

        if (resources.HasLimits)
        {
            writer.WriteStartObject("limits");
            EnvironmentManifestWriter.WriteIfSet(writer, "cpu", resources.CpuLimit);
            EnvironmentManifestWriter.WriteIfSet(writer, "memory", resources.MemoryLimit);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static bool IsEmpty(TrainingJobAnnotation job) => job == new TrainingJobAnnotation() with { FailOnExitCodes = job.FailOnExitCodes } && job.FailOnExitCodes.Count == 0;

    private static void WriteTrainingJob(Utf8JsonWriter writer, TrainingJobAnnotation job)
    {
        if (job.Flavor is { } flavor)
        {
            writer.WriteString("flavor", FlavorName(flavor));
        }

        WriteIfSet(writer, "workers", job.Workers);
        WriteIfSet(writer, "processesPerWorker", job.ProcessesPerWorker);
        if (job.Checkpoint is { } checkpoint)
        {
            writer.WriteStartObject("checkpoint");
            writer.WriteString("size", checkpoint.Size);
            EnvironmentManifestWriter.WriteIfSet(writer, "storageClass", checkpoint.StorageClass);
            EnvironmentManifestWriter.WriteIfSet(writer, "accessMode", checkpoint.AccessMode);
            EnvironmentManifestWriter.WriteIfSet(writer, "mountPath", checkpoint.MountPath);
            writer.WriteEndObject();
        }

        if (job.Dataset is { } dataset)
        {
            writer.WriteStartObject("dataset");
            writer.WriteString("source", dataset.Source);
            EnvironmentManifestWriter.WriteIfSet(writer, "image", dataset.Image);
            EnvironmentManifestWriter.WriteIfSet(writer, "mountPath", dataset.MountPath);
            EnvironmentManifestWriter.WriteIfSet(writer, "size", dataset.Size);
            writer.WriteEndObject();
        }

        EnvironmentManifestWriter.WriteIfSet(writer, "schedule", job.Schedule);
        EnvironmentManifestWriter.WriteIfSet(writer, "timeZone", job.TimeZone);
        if (job.Queue is { } queue)
        {
            writer.WriteString("queue", queue.Name);
            if (queue.ClusterQueue is not null)
            {
                writer.WriteStartObject("localQueue");
                writer.WriteString("clusterQueue", queue.ClusterQueue);
                writer.WriteEndObject();
            }

            EnvironmentManifestWriter.WriteIfSet(writer, "kueuePriorityClass", queue.Priority);
        }

        EnvironmentManifestWriter.WriteIfSet(writer, "priorityClassName", job.PriorityClassName);
        WriteIfSet(writer, "backoffLimit", job.BackoffLimit);
        WriteIfSet(writer, "activeDeadlineSeconds", job.ActiveDeadlineSeconds);
        WriteIfSet(writer, "ttlSecondsAfterFinished", job.TtlSecondsAfterFinished);
        if (job.FailOnExitCodes.Count > 0)
        {
            writer.WriteStartArray("failOnExitCodes");
            foreach (var code in job.FailOnExitCodes)
            {
                writer.WriteNumberValue(code);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>The contract's name of a GPU allocation: <c>devicePlugin</c> or <c>dra</c>.</summary>
    internal static string AllocationName(GpuAllocation allocation) => allocation == GpuAllocation.Dra ? "dra" : "devicePlugin";

    private static void WriteKubernetes2026(IResource resource, Utf8JsonWriter writer)
    {
        if (resource.TryGetLastAnnotation<ModelImageAnnotation>(out var model))
        {
            writer.WriteStartObject("model");
            writer.WriteString("image", model.Image);
            writer.WriteString("mountPath", model.MountPath);
            EnvironmentManifestWriter.WriteIfSet(writer, "pullPolicy", model.PullPolicy);
            EnvironmentManifestWriter.WriteIfSet(writer, "source", model.Source);
            writer.WriteEndObject();
        }

        if (resource.TryGetLastAnnotation<ServingWorkersAnnotation>(out var workers))
        {
            writer.WriteNumber("workers", workers.Size);
        }

        if (resource.TryGetLastAnnotation<InferencePoolAnnotation>(out var pool))
        {
            writer.WriteStartObject("inferencePool");
            EnvironmentManifestWriter.WriteIfSet(writer, "endpoint", pool.EndpointName);
            writer.WriteString("endpointPicker", pool.EndpointPicker);
            writer.WriteNumber("endpointPickerPort", pool.EndpointPickerPort);
            writer.WriteEndObject();
        }
    }

    internal static string FlavorName(TrainingJobFlavor flavor) => flavor.ToString().ToLowerInvariant();

    private static void WriteIfSet(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
