using System.Text.Json;
using System.Text.RegularExpressions;
using Cronos;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.AppModel.Contract;

namespace KubeAi.Core.AppModel;

/// <summary>
/// Reads KubeAi's <c>deployment</c> objects and the <c>kubeai.environment.v0</c> resource
/// (docs/app-model-contract.md), strictly: unknown keys and bad values are coded errors.
/// </summary>
public static partial class DeploymentSettingsReader
{
    public const string EnvironmentType = "kubeai.environment.v0";

    private static readonly string[] s_flavors = ["job", "jobset", "trainjob", "pytorchjob"];
    private static readonly string[] s_probeTypes = ["startup", "readiness", "liveness"];
    private static readonly string[] s_accessModes = ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod", "ReadOnlyMany"];

    /// <summary>
    /// The settings of a resource. A <c>deployment</c> written by another compute environment
    /// (no KubeAi environment in the manifest) only lends its <c>replicas</c>.
    /// </summary>
    public static DeploymentSettings Read(AppResource resource, bool strict)
    {
        if (resource.Deployment is not { } element)
        {
            return DeploymentSettings.Default;
        }

        var origin = $"{resource.Origin}.deployment";
        if (!strict)
        {
            var replicas = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("replicas", out _)
                ? (int?)new JsonFields(element, origin, element.EnumerateObject().Select(p => p.Name).ToArray()).Integer("replicas", 0, int.MaxValue)
                : null;
            return DeploymentSettings.Default with { Replicas = replicas };
        }

        return Read(element, origin);
    }

    /// <summary>A <c>deployment</c> object of KubeAi's contract, read strictly (<see cref="Contract.ContractCodec.ReadDeployment"/>).</summary>
    public static DeploymentSettings Read(JsonElement element, string origin)
    {
        var d = new JsonFields(element, origin, [
            "kind", "replicas", "resources", "gpu", "probes", "startupTimeoutSeconds", "autoscaling", "ingress", "modelCache", "dependsOn", "trainingJob",
            "exposure", "readOnlyRootFilesystem", "ephemeralStorage", "allowInternetEgress", "kserve", .. DeploymentKeys2026]);
        var kind = d.String("kind") ?? DeploymentSettings.DeploymentKind;
        if (kind is not (DeploymentSettings.DeploymentKind or DeploymentSettings.TrainingJobKind))
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"deployment kind '{kind}' is neither Deployment nor TrainingJob", d.At("kind"));
        }

        if (kind == DeploymentSettings.DeploymentKind && d.Has("trainingJob"))
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, "'trainingJob' is only allowed with kind TrainingJob", d.At("trainingJob"));
        }

        return ReadKubernetes2026(d, new DeploymentSettings
        {
            Kind = kind,
            Replicas = (int?)d.Integer("replicas", 0, int.MaxValue),
            Resources = ReadResources(d.Object("resources", "requests", "limits")),
            Gpu = ReadGpu(d.Object("gpu", "count", "product", "mig", "shmSize", "allocation", "minMemory")),
            Probes = d.Array("probes").Select((p, i) => ReadProbe(new JsonFields(p, $"{d.At("probes")}[{i}]", "type", "path", "endpoint", "command", "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold"))).ToList(),
            StartupTimeoutSeconds = (int?)d.Integer("startupTimeoutSeconds", 1, 86_400, ErrorCodes.InvalidProbe),
            Autoscaling = ReadAutoscaling(d.Object("autoscaling", "minReplicas", "maxReplicas", "cpuUtilization", "memoryUtilization", "metrics", "keda")),
            Ingress = ReadIngress(d.Object("ingress", "host", "path", "tlsSecret", "className", "endpoint")),
            ModelCache = d.Object("modelCache", "size", "mountPath", "storageClass") is { } m
                ? new ModelCacheSettings(m.Quantity("size") ?? ContractDefaults.ModelCacheSize, AbsolutePath(m, "mountPath") ?? ContractDefaults.ModelCacheMountPath, m.String("storageClass"))
                : null,
            DependsOn = d.Strings("dependsOn"),
            Exposure = ReadExposure(d),
            ReadOnlyRootFilesystem = d.Boolean("readOnlyRootFilesystem") ?? true,
            EphemeralStorage = d.Boolean("ephemeralStorage") ?? false,
            AllowInternetEgress = d.Boolean("allowInternetEgress") ?? false,
            KServe = d.Object("kserve", "modelFormat", "storageUri", "runtimeVersion") is { } k
                ? new KServeSettings(k.String("modelFormat"), k.String("storageUri"), k.String("runtimeVersion"))
                : null,
            TrainingJob = kind == DeploymentSettings.TrainingJobKind
                ? ReadTrainingJob(d.Object("trainingJob", "flavor", "workers", "processesPerWorker", "masterPort", "checkpoint", "dataset", "schedule", "timeZone", "queue", "localQueue", "kueuePriorityClass", "priorityClassName", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "failOnExitCodes", "terminationGracePeriodSeconds"), d.At("trainingJob"))
                : null,
        });
    }

    /// <summary>The settings of a <c>kubeai.environment.v0</c> resource.</summary>
    public static EnvironmentSettings ReadEnvironment(string name, JsonElement element, string origin)
    {
        var e = new JsonFields(element, origin, ["type", "namespace", "registry", "imageTag", "imagePullSecret", "ingressClass", "storageClass", "resources", "exposure", "ingressControllerNamespace", "external", "environments", "secrets", .. EnvironmentKeys2026]);
        var ns = e.String("namespace");
        if (ns is not null)
        {
            KubernetesValues.RequireNamespace(ns, e.At("namespace"));
        }

        return ReadEnvironment2026(e, new EnvironmentSettings(
            name,
            ns,
            e.String("registry"),
            e.String("imageTag"),
            DnsName(e, "imagePullSecret", ErrorCodes.InvalidFieldValue),
            e.String("ingressClass"),
            e.String("storageClass"),
            ReadResources(e.Object("resources", "requests", "limits")),
            ReadExposure(e),
            e.String("ingressControllerNamespace") is { } controller ? KubernetesValues.RequireNamespace(controller, e.At("ingressControllerNamespace")) : null,
            e.Strings("external"))
        {
            Environments = e.Element("environments") is { } environments ? DeliveryEnvironments.Read(environments, e.At("environments")) : new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal),
            Secrets = e.Element("secrets") is { } secrets ? SecretSources.Read(secrets, e.At("secrets")) : SecretSources.EnvFile,
        });
    }

    private static string? ReadExposure(JsonFields fields)
    {
        var exposure = fields.String("exposure");
        return exposure is null || Exposure.All.Contains(exposure)
            ? exposure
            : throw new KubeAiException(ErrorCodes.InvalidIngress, $"exposure '{exposure}' is not one of {string.Join(", ", Exposure.All)}", fields.At("exposure"));
    }

    private static ResourceSettings? ReadResources(JsonFields? r)
    {
        if (r is not { } resources)
        {
            return null;
        }

        var requests = resources.Object("requests", "cpu", "memory");
        var limits = resources.Object("limits", "cpu", "memory");
        return new ResourceSettings(requests?.Quantity("cpu"), requests?.Quantity("memory"), limits?.Quantity("cpu"), limits?.Quantity("memory"));
    }

    private static GpuSettings? ReadGpu(JsonFields? g)
    {
        if (g is not { } gpu)
        {
            return null;
        }

        var count = (int)(gpu.Integer("count", 1, 64, ErrorCodes.InvalidGpu) ?? ContractDefaults.GpuCount);
        var mig = gpu.String("mig");
        if (mig is not null)
        {
            KubernetesNames.Require(mig, KubernetesNames.CheckMigProfile(mig), "MIG profile", gpu.At("mig"), ErrorCodes.InvalidMigProfile);
        }

        var product = gpu.String("product");
        if (product is not null)
        {
            KubernetesNames.Require(product, product.Length == 0 ? "must not be empty" : KubernetesNames.CheckLabelValue(product), "GPU product (a node label value)", gpu.At("product"), ErrorCodes.InvalidGpu);
        }

        return new GpuSettings(count, product, mig, gpu.Quantity("shmSize", ErrorCodes.InvalidGpu) ?? ContractDefaults.ShmSize, ReadGpuAllocation(gpu, "allocation"), gpu.Quantity("minMemory", ErrorCodes.InvalidGpuAllocation));
    }

    private static ProbeSettings ReadProbe(JsonFields p)
    {
        var type = p.String("type") ?? throw new KubeAiException(ErrorCodes.InvalidProbe, "a probe needs a 'type'", p.Origin);
        if (!s_probeTypes.Contains(type))
        {
            throw new KubeAiException(ErrorCodes.InvalidProbe, $"probe type '{type}' is not one of {string.Join(", ", s_probeTypes)}", p.At("type"));
        }

        var command = p.Has("command") ? p.Strings("command") : null;
        if (command is not null && (command.Count == 0 || command.Any(string.IsNullOrEmpty) || p.Has("path") || p.Has("endpoint")))
        {
            throw new KubeAiException(ErrorCodes.InvalidProbe, "an exec probe's 'command' must be a non-empty list of non-empty strings, without 'path' or 'endpoint'", p.At("command"));
        }

        var path = p.String("path") ?? ContractDefaults.ProbePath;
        if (!path.StartsWith('/'))
        {
            throw new KubeAiException(ErrorCodes.InvalidProbe, $"probe path '{path}' must start with '/'", p.At("path"));
        }

        return new ProbeSettings(
            type,
            path,
            p.String("endpoint"),
            (int?)p.Integer("initialDelaySeconds", 0, 3600, ErrorCodes.InvalidProbe),
            (int?)p.Integer("periodSeconds", 1, 3600, ErrorCodes.InvalidProbe),
            (int?)p.Integer("timeoutSeconds", 1, 3600, ErrorCodes.InvalidProbe),
            (int?)p.Integer("failureThreshold", 1, 10_000, ErrorCodes.InvalidProbe))
        {
            Command = command,
        };
    }

    private static AutoscalingSettings? ReadAutoscaling(JsonFields? a)
    {
        if (a is not { } scaling)
        {
            return null;
        }

        var keda = scaling.Object("keda", "serverAddress", "query", "threshold", "activationThreshold") is { } k
            ? new KedaSettings(
                k.String("serverAddress") ?? throw new KubeAiException(ErrorCodes.InvalidAutoscaling, "KEDA scaling needs the Prometheus 'serverAddress'", k.Origin),
                k.String("query") ?? throw new KubeAiException(ErrorCodes.InvalidAutoscaling, "KEDA scaling needs a Prometheus 'query'", k.Origin),
                k.Quantity("threshold", ErrorCodes.InvalidAutoscaling) ?? throw new KubeAiException(ErrorCodes.InvalidAutoscaling, "KEDA scaling needs a 'threshold'", k.Origin),
                k.Quantity("activationThreshold", ErrorCodes.InvalidAutoscaling, QuantityRange.NonNegative))
            : null;

        // Only KEDA can scale to zero: an HPA needs at least one pod to measure.
        var min = (int)(scaling.Integer("minReplicas", keda is null ? 1 : 0, 10_000, ErrorCodes.InvalidAutoscaling) ?? ContractDefaults.MinReplicas);
        var max = (int)(scaling.Integer("maxReplicas", 1, 10_000, ErrorCodes.InvalidAutoscaling)
            ?? throw new KubeAiException(ErrorCodes.InvalidAutoscaling, "autoscaling needs 'maxReplicas'", scaling.Origin));
        if (min > max)
        {
            throw new KubeAiException(ErrorCodes.InvalidAutoscaling, $"minReplicas {min} is greater than maxReplicas {max}", scaling.Origin);
        }

        var metrics = scaling.Array("metrics").Select((m, i) =>
        {
            var metric = new JsonFields(m, $"{scaling.At("metrics")}[{i}]", "name", "averageValue");
            var name = metric.String("name") ?? throw new KubeAiException(ErrorCodes.InvalidAutoscaling, "a metric needs a 'name'", metric.Origin);
            return new MetricTarget(name, metric.Quantity("averageValue") ?? throw new KubeAiException(ErrorCodes.InvalidAutoscaling, "a metric needs an 'averageValue'", metric.Origin));
        }).ToList();
        var cpu = (int?)scaling.Integer("cpuUtilization", 1, 1000, ErrorCodes.InvalidAutoscaling);
        var memory = (int?)scaling.Integer("memoryUtilization", 1, 1000, ErrorCodes.InvalidAutoscaling);
        if (cpu is null && memory is null && metrics.Count == 0 && keda is null)
        {
            cpu = ContractDefaults.CpuUtilization;
        }

        return new AutoscalingSettings(min, max, cpu, memory, metrics, keda);
    }

    private static IngressSettings? ReadIngress(JsonFields? i)
    {
        if (i is not { } ingress)
        {
            return null;
        }

        var host = ingress.String("host");
        if (host is not null && !KubernetesNames.IsDnsSubdomain(host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host))
        {
            throw new KubeAiException(ErrorCodes.InvalidIngress, $"ingress host '{host}' is not a DNS name", ingress.At("host"));
        }

        var path = ingress.String("path") ?? ContractDefaults.IngressPath;
        if (!path.StartsWith('/'))
        {
            throw new KubeAiException(ErrorCodes.InvalidIngress, $"ingress path '{path}' must start with '/'", ingress.At("path"));
        }

        return new IngressSettings(host, path, DnsName(ingress, "tlsSecret", ErrorCodes.InvalidIngress), ingress.String("className"), ingress.String("endpoint"));
    }

    private static TrainingJobSettings ReadTrainingJob(JsonFields? t, string origin)
    {
        if (t is not { } job)
        {
            return new TrainingJobSettings();
        }

        var flavor = job.String("flavor") ?? ContractDefaults.Flavor;
        if (!s_flavors.Contains(flavor))
        {
            throw new KubeAiException(ErrorCodes.UnknownTrainingFlavor, $"training-job flavor '{flavor}' is not one of {string.Join(", ", s_flavors)}", job.At("flavor"));
        }

        var schedule = job.String("schedule");
        if (schedule is not null)
        {
            try
            {
                CronExpression.Parse(schedule, CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                throw new KubeAiException(ErrorCodes.InvalidSchedule, $"schedule '{schedule}' is not a cron expression of five fields (minute hour day-of-month month day-of-week): {ex.Message}", job.At("schedule"));
            }
        }

        var timeZone = job.String("timeZone");
        if (timeZone is not null)
        {
            if (schedule is null)
            {
                throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, "'timeZone' needs a 'schedule'", job.At("timeZone"));
            }

            try
            {
                TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new KubeAiException(ErrorCodes.InvalidTimeZone, $"'{timeZone}' is not an IANA time zone (for example Etc/UTC or Europe/Paris)", job.At("timeZone"));
            }
        }

        var queueName = QueueName(job, "queue", "Kueue LocalQueue name");
        var localQueue = job.Object("localQueue", "clusterQueue");
        if (localQueue is not null && queueName is null)
        {
            throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, "'localQueue' needs a 'queue' name", job.At("localQueue"));
        }

        var checkpoint = job.Object("checkpoint", "size", "storageClass", "accessMode", "mountPath");
        var dataset = job.Object("dataset", "source", "image", "mountPath", "size");
        var accessMode = checkpoint?.String("accessMode");
        if (accessMode is not null && !s_accessModes.Contains(accessMode))
        {
            throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, $"access mode '{accessMode}' is not one of {string.Join(", ", s_accessModes)}", checkpoint!.At("accessMode"));
        }

        var workers = (int)(job.Integer("workers", 1, 10_000, ErrorCodes.InvalidWorkers) ?? ContractDefaults.Workers);
        return new TrainingJobSettings
        {
            Flavor = flavor,
            Workers = workers,
            ProcessesPerWorker = (int)(job.Integer("processesPerWorker", 1, 64, ErrorCodes.InvalidWorkers) ?? ContractDefaults.ProcessesPerWorker),
            MasterPort = (int)(job.Integer("masterPort", 1, 65535, ErrorCodes.InvalidTrainingSetting) ?? ContractDefaults.MasterPort),
            Checkpoint = checkpoint is { } c
                ? new CheckpointSettings(c.Quantity("size", ErrorCodes.InvalidTrainingQuantity) ?? ContractDefaults.CheckpointSize, c.String("storageClass"), accessMode, AbsolutePath(c, "mountPath") ?? ContractDefaults.CheckpointMountPath)
                : null,
            Dataset = dataset is { } ds
                ? new DatasetSettings(
                    ds.String("source") ?? throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, "a dataset needs a 'source'", ds.Origin),
                    ds.String("image"),
                    AbsolutePath(ds, "mountPath") ?? ContractDefaults.DatasetMountPath,
                    ds.Quantity("size", ErrorCodes.InvalidTrainingQuantity) ?? ContractDefaults.DatasetSize)
                : null,
            Schedule = schedule,
            TimeZone = timeZone,
            Queue = queueName is null ? null : new QueueSettings(queueName, localQueue is null ? null : QueueName(localQueue, "clusterQueue", "Kueue ClusterQueue name"), QueueName(job, "kueuePriorityClass", "Kueue WorkloadPriorityClass name")),
            PriorityClassName = DnsName(job, "priorityClassName", ErrorCodes.InvalidTrainingSetting),
            BackoffLimit = (int?)job.Integer("backoffLimit", 0, 10_000, ErrorCodes.InvalidTrainingSetting),
            BackoffLimitPerIndex = (int?)job.Integer("backoffLimitPerIndex", 0, 10_000, ErrorCodes.InvalidTrainingSetting),
            MaxFailedIndexes = (int?)job.Integer("maxFailedIndexes", 0, 100_000, ErrorCodes.InvalidTrainingSetting),
            ActiveDeadlineSeconds = job.Integer("activeDeadlineSeconds", 1, long.MaxValue, ErrorCodes.InvalidTrainingSetting),
            TtlSecondsAfterFinished = (int?)job.Integer("ttlSecondsAfterFinished", 0, int.MaxValue, ErrorCodes.InvalidTrainingSetting),
            FailOnExitCodes = job.Array("failOnExitCodes").Select((v, i) => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var code) && code is >= 1 and <= 255
                ? code
                : throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, $"exit code {v.GetRawText()} must be a whole number from 1 to 255", $"{job.At("failOnExitCodes")}[{i}]")).ToList(),
            TerminationGracePeriodSeconds = job.Integer("terminationGracePeriodSeconds", 0, 86_400, ErrorCodes.InvalidTrainingSetting),
        };
    }

    private static string? AbsolutePath(JsonFields fields, string key)
    {
        var path = fields.String(key);
        return path is null || path.StartsWith('/')
            ? path
            : throw new KubeAiException(ErrorCodes.InvalidFieldValue, $"'{path}' must be an absolute path", fields.At(key));
    }

    private static string? DnsName(JsonFields fields, string key, string code)
    {
        var name = fields.String(key);
        return name is null || KubernetesNames.IsDnsSubdomain(name)
            ? name
            : throw new KubeAiException(code, $"'{Messages.OneLine(name, 100)}' is not a valid Kubernetes name ({KubernetesNames.Dns1123SubdomainRule})", fields.At(key));
    }

    // Kueue names are object names that the workload also carries as label values: at most 63 characters.
    private static string? QueueName(JsonFields fields, string key, string what) =>
        fields.String(key) is { } name ? KubernetesNames.Require(name, KubernetesNames.CheckQueueName(name), what, fields.At(key), ErrorCodes.InvalidTrainingSetting) : null;
}
