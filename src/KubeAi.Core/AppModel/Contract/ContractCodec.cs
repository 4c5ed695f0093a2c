using System.Text;
using System.Text.Json;

namespace KubeAi.Core.AppModel.Contract;

/// <summary>
/// The one codec of KubeAi's contract (docs/app-model-contract.md): the <c>deployment</c> object of a
/// resource and the <c>kubeai.environment.v0</c> resource, written from and read into the intent model
/// (<see cref="DeploymentSettings"/>, <see cref="EnvironmentSettings"/>). KubeAi.Hosting writes with it,
/// the generator reads with it; for every record the reader gives back what the writer was given.
/// The writer is canonical: keys in a fixed order, a key only when its value is not the contract's
/// default (<see cref="ContractDefaults"/>), the main value of an object (a size, a count, a source) always.
/// </summary>
public static class ContractCodec
{
    public const string EnvironmentType = DeploymentSettingsReader.EnvironmentType;

    /// <summary>Reads a <c>deployment</c> object strictly (unknown keys and bad values are coded errors).</summary>
    public static DeploymentSettings ReadDeployment(JsonElement deployment, string origin) => DeploymentSettingsReader.Read(deployment, origin);

    /// <summary>Reads a <c>kubeai.environment.v0</c> resource strictly.</summary>
    public static EnvironmentSettings ReadEnvironment(string name, JsonElement environment, string origin) => DeploymentSettingsReader.ReadEnvironment(name, environment, origin);

    /// <summary>The <c>deployment</c> object of <paramref name="settings"/> as compact JSON.</summary>
    public static string ToJson(DeploymentSettings settings) => Json(w =>
    {
        w.WriteStartObject();
        WriteDeployment(w, settings);
        w.WriteEndObject();
    });

    /// <summary>The <c>kubeai.environment.v0</c> resource of <paramref name="settings"/> as compact JSON.</summary>
    public static string ToJson(EnvironmentSettings settings) => Json(w =>
    {
        w.WriteStartObject();
        WriteEnvironment(w, settings);
        w.WriteEndObject();
    });

    /// <summary>Writes the properties of a <c>deployment</c> object into the object <paramref name="writer"/> is in.</summary>
    public static void WriteDeployment(Utf8JsonWriter writer, DeploymentSettings s)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(s);
        writer.WriteString("kind", s.Kind);
        Number(writer, "replicas", s.Replicas);
        WriteResources(writer, s.Resources);
        if (s.Gpu is { } gpu)
        {
            writer.WriteStartObject("gpu");
            writer.WriteNumber("count", gpu.Count);
            String(writer, "product", gpu.Product);
            String(writer, "mig", gpu.Mig);
            Unless(writer, "shmSize", gpu.ShmSize, ContractDefaults.ShmSize);
            String(writer, "allocation", gpu.Allocation);
            String(writer, "minMemory", gpu.MinMemory);
            writer.WriteEndObject();
        }

        if (s.Probes.Count > 0)
        {
            writer.WriteStartArray("probes");
            foreach (var probe in s.Probes)
            {
                writer.WriteStartObject();
                writer.WriteString("type", probe.Type);
                if (probe.Command is { } command)
                {
                    Strings(writer, "command", command);
                }
                else
                {
                    writer.WriteString("path", probe.Path);
                    String(writer, "endpoint", probe.Endpoint);
                }

                Number(writer, "initialDelaySeconds", probe.InitialDelaySeconds);
                Number(writer, "periodSeconds", probe.PeriodSeconds);
                Number(writer, "timeoutSeconds", probe.TimeoutSeconds);
                Number(writer, "failureThreshold", probe.FailureThreshold);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        Number(writer, "startupTimeoutSeconds", s.StartupTimeoutSeconds);
        if (s.Autoscaling is { } scaling)
        {
            writer.WriteStartObject("autoscaling");
            writer.WriteNumber("minReplicas", scaling.MinReplicas);
            writer.WriteNumber("maxReplicas", scaling.MaxReplicas);
            if (!ContractDefaults.HasImpliedCpuTarget(scaling))
            {
                Number(writer, "cpuUtilization", scaling.CpuUtilization);
            }

            Number(writer, "memoryUtilization", scaling.MemoryUtilization);
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

            if (scaling.Keda is { } keda)
            {
                writer.WriteStartObject("keda");
                writer.WriteString("serverAddress", keda.ServerAddress);
                writer.WriteString("query", keda.Query);
                writer.WriteString("threshold", keda.Threshold);
                String(writer, "activationThreshold", keda.ActivationThreshold);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        if (s.Ingress is { } ingress)
        {
            writer.WriteStartObject("ingress");
            String(writer, "host", ingress.Host);
            Unless(writer, "path", ingress.Path, ContractDefaults.IngressPath);
            String(writer, "tlsSecret", ingress.TlsSecret);
            String(writer, "className", ingress.ClassName);
            String(writer, "endpoint", ingress.Endpoint);
            writer.WriteEndObject();
        }

        if (s.ModelCache is { } cache)
        {
            writer.WriteStartObject("modelCache");
            writer.WriteString("size", cache.Size);
            Unless(writer, "mountPath", cache.MountPath, ContractDefaults.ModelCacheMountPath);
            String(writer, "storageClass", cache.StorageClass);
            writer.WriteEndObject();
        }

        if (s.EphemeralStorage)
        {
            writer.WriteBoolean("ephemeralStorage", true);
        }

        String(writer, "exposure", s.Exposure);
        if (!s.ReadOnlyRootFilesystem)
        {
            writer.WriteBoolean("readOnlyRootFilesystem", false);
        }

        if (s.AllowInternetEgress)
        {
            writer.WriteBoolean("allowInternetEgress", true);
        }

        if (s.KServe is { } kserve)
        {
            writer.WriteStartObject("kserve");
            String(writer, "modelFormat", kserve.ModelFormat);
            String(writer, "storageUri", kserve.StorageUri);
            String(writer, "runtimeVersion", kserve.RuntimeVersion);
            writer.WriteEndObject();
        }

        if (s.Model is { } model)
        {
            writer.WriteStartObject("model");
            writer.WriteString("image", model.Image);
            Unless(writer, "mountPath", model.MountPath, ContractDefaults.ModelMountPath);
            String(writer, "pullPolicy", model.PullPolicy);
            String(writer, "source", model.Source);
            writer.WriteEndObject();
        }

        if (s.Workers is { } workers)
        {
            writer.WriteNumber("workers", workers.Size);
        }

        if (s.InferencePool is { } pool)
        {
            writer.WriteStartObject("inferencePool");
            String(writer, "endpoint", pool.Endpoint);
            writer.WriteString("endpointPicker", pool.EndpointPicker);
            if (pool.EndpointPickerPort != ContractDefaults.EndpointPickerPort)
            {
                writer.WriteNumber("endpointPickerPort", pool.EndpointPickerPort);
            }

            writer.WriteEndObject();
        }

        if (s.DependsOn.Count > 0)
        {
            Strings(writer, "dependsOn", s.DependsOn);
        }

        if (s.IsTrainingJob && s.TrainingJob is { } job && !IsDefault(job))
        {
            writer.WriteStartObject("trainingJob");
            WriteTrainingJob(writer, job);
            writer.WriteEndObject();
        }
    }

    /// <summary>Writes the properties of a <c>kubeai.environment.v0</c> resource (its <c>type</c> first) into the object <paramref name="writer"/> is in.</summary>
    public static void WriteEnvironment(Utf8JsonWriter writer, EnvironmentSettings e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);
        writer.WriteString("type", EnvironmentType);
        String(writer, "namespace", e.Namespace);
        String(writer, "registry", e.Registry);
        String(writer, "imageTag", e.ImageTag);
        String(writer, "imagePullSecret", e.ImagePullSecret);
        String(writer, "ingressClass", e.IngressClass);
        String(writer, "storageClass", e.StorageClass);
        WriteResources(writer, e.Resources);
        String(writer, "exposure", e.Exposure);
        String(writer, "ingressControllerNamespace", e.IngressControllerNamespace);
        if (e.Gateway is { } gateway)
        {
            writer.WriteStartObject("gateway");
            writer.WriteString("name", gateway.Name);
            String(writer, "namespace", gateway.Namespace);
            String(writer, "sectionName", gateway.SectionName);
            writer.WriteEndObject();
        }

        String(writer, "gpuAllocation", e.GpuAllocation);
        String(writer, "kubernetesVersion", e.KubernetesVersion);
        if (e.External is { Count: > 0 } external)
        {
            Strings(writer, "external", external);
        }

        if (e.Environments.Count > 0)
        {
            writer.WritePropertyName("environments");
            DeliveryEnvironments.Write(writer, e.Environments);
        }

        if (!e.Secrets.IsDefault)
        {
            writer.WritePropertyName("secrets");
            JsonSerializer.Serialize(writer, e.Secrets with
            {
                Parameters = e.Secrets.Parameters is { Count: > 0 } parameters ? new(parameters, StringComparer.Ordinal) : null,
            }, DeliveryEnvironments.Json);
        }
    }

    private static void WriteTrainingJob(Utf8JsonWriter writer, TrainingJobSettings job)
    {
        Unless(writer, "flavor", job.Flavor, ContractDefaults.Flavor);
        Unless(writer, "workers", job.Workers, ContractDefaults.Workers);
        Unless(writer, "processesPerWorker", job.ProcessesPerWorker, ContractDefaults.ProcessesPerWorker);
        Unless(writer, "masterPort", job.MasterPort, ContractDefaults.MasterPort);
        if (job.Checkpoint is { } checkpoint)
        {
            writer.WriteStartObject("checkpoint");
            writer.WriteString("size", checkpoint.Size);
            String(writer, "storageClass", checkpoint.StorageClass);
            String(writer, "accessMode", checkpoint.AccessMode);
            Unless(writer, "mountPath", checkpoint.MountPath, ContractDefaults.CheckpointMountPath);
            writer.WriteEndObject();
        }

        if (job.Dataset is { } dataset)
        {
            writer.WriteStartObject("dataset");
            writer.WriteString("source", dataset.Source);
            String(writer, "image", dataset.Image);
            Unless(writer, "mountPath", dataset.MountPath, ContractDefaults.DatasetMountPath);
            Unless(writer, "size", dataset.Size, ContractDefaults.DatasetSize);
            writer.WriteEndObject();
        }

        String(writer, "schedule", job.Schedule);
        String(writer, "timeZone", job.TimeZone);
        if (job.Queue is { } queue)
        {
            writer.WriteString("queue", queue.Name);
            if (queue.ClusterQueue is not null)
            {
                writer.WriteStartObject("localQueue");
                writer.WriteString("clusterQueue", queue.ClusterQueue);
                writer.WriteEndObject();
            }

            String(writer, "kueuePriorityClass", queue.KueuePriorityClass);
        }

        String(writer, "priorityClassName", job.PriorityClassName);
        Number(writer, "backoffLimit", job.BackoffLimit);
        Number(writer, "backoffLimitPerIndex", job.BackoffLimitPerIndex);
        Number(writer, "maxFailedIndexes", job.MaxFailedIndexes);
        Number(writer, "activeDeadlineSeconds", job.ActiveDeadlineSeconds);
        Number(writer, "ttlSecondsAfterFinished", job.TtlSecondsAfterFinished);
        if (job.FailOnExitCodes.Count > 0)
        {
            writer.WriteStartArray("failOnExitCodes");
            foreach (var code in job.FailOnExitCodes)
            {
                writer.WriteNumberValue(code);
            }

            writer.WriteEndArray();
        }

        Number(writer, "terminationGracePeriodSeconds", job.TerminationGracePeriodSeconds);
    }

    /// <summary>A training job whose every setting is the contract's default: nothing to write.</summary>
    private static bool IsDefault(TrainingJobSettings job) =>
        job.FailOnExitCodes.Count == 0 && job == new TrainingJobSettings { FailOnExitCodes = job.FailOnExitCodes };

    private static void WriteResources(Utf8JsonWriter writer, ResourceSettings? r)
    {
        var requests = r is not null && (r.CpuRequest is not null || r.MemoryRequest is not null);
        var limits = r is not null && (r.CpuLimit is not null || r.MemoryLimit is not null);
        if (!requests && !limits)
        {
            return;
        }

        writer.WriteStartObject("resources");
        if (requests)
        {
            writer.WriteStartObject("requests");
            String(writer, "cpu", r!.CpuRequest);
            String(writer, "memory", r.MemoryRequest);
            writer.WriteEndObject();
        }

        if (limits)
        {
            writer.WriteStartObject("limits");
            String(writer, "cpu", r!.CpuLimit);
            String(writer, "memory", r.MemoryLimit);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void String(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Unless(Utf8JsonWriter writer, string name, string value, string @default)
    {
        if (!string.Equals(value, @default, StringComparison.Ordinal))
        {
            writer.WriteString(name, value);
        }
    }

    private static void Unless(Utf8JsonWriter writer, string name, int value, int @default)
    {
        if (value != @default)
        {
            writer.WriteNumber(name, value);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
