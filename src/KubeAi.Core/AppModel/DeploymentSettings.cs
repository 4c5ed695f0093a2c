namespace KubeAi.Core.AppModel;

/// <summary>Requests and limits a resource asks for; a missing side takes the defaults.</summary>
public sealed record ResourceSettings(string? CpuRequest, string? MemoryRequest, string? CpuLimit, string? MemoryLimit);

/// <summary>GPUs for a workload: whole devices, or a MIG slice when <see cref="Mig"/> is set.</summary>
/// <param name="Count">Devices per pod.</param>
/// <param name="Product">The GPU product (the <c>nvidia.com/gpu.product</c> node label form).</param>
/// <param name="Mig">A MIG profile such as <c>1g.10gb</c>, or null for whole GPUs.</param>
/// <param name="ShmSize">The size of the memory-backed <c>/dev/shm</c>.</param>
/// <param name="Allocation"><see cref="GpuAllocation"/>; null takes the environment's (else the device plugin).</param>
/// <param name="MinMemory">With DRA: the least device memory a GPU must have (a CEL selector).</param>
public sealed record GpuSettings(int Count, string? Product, string? Mig, string ShmSize, string? Allocation = null, string? MinMemory = null)
{
    /// <summary>The extended resource name to request: <c>nvidia.com/gpu</c> or <c>nvidia.com/mig-1g.10gb</c>.</summary>
    public string ResourceName => Mig is null ? "nvidia.com/gpu" : $"nvidia.com/mig-{Mig}";
}

/// <summary>
/// A startup, readiness or liveness probe: an HTTP GET of <see cref="Path"/> on one of the resource's endpoints, or,
/// when <see cref="Command"/> is set, a command run in the container (a worker without endpoints, a heartbeat file).
/// </summary>
public sealed record ProbeSettings(string Type, string Path, string? Endpoint, int? InitialDelaySeconds, int? PeriodSeconds, int? TimeoutSeconds, int? FailureThreshold)
{
    /// <summary>The command of an exec probe; null for an HTTP probe.</summary>
    public IReadOnlyList<string>? Command { get; init; }
}

/// <summary>A custom metric target for the HorizontalPodAutoscaler (a Pods metric, average value per pod).</summary>
public sealed record MetricTarget(string Name, string AverageValue);

public sealed record AutoscalingSettings(int MinReplicas, int MaxReplicas, int? CpuUtilization, int? MemoryUtilization, IReadOnlyList<MetricTarget> Metrics, KedaSettings? Keda = null);

/// <summary>KEDA instead of an HPA: a Prometheus query drives the replica count, down to zero.</summary>
public sealed record KedaSettings(string ServerAddress, string Query, string Threshold, string? ActivationThreshold);

/// <summary>KServe InferenceService output for a model server.</summary>
public sealed record KServeSettings(string? ModelFormat, string? StorageUri, string? RuntimeVersion);

/// <summary>How a workload's external endpoints are reached from outside the cluster.</summary>
public static class Exposure
{
    public const string Ingress = "ingress";
    public const string LoadBalancer = "loadBalancer";
    public const string ClusterOnly = "cluster";

    /// <summary>Gateway API routes to the Gateway the environment names (the default when it names one).</summary>
    public const string Gateway = "gateway";

    public static readonly string[] All = [Ingress, LoadBalancer, ClusterOnly, Gateway];
}

public sealed record IngressSettings(string? Host, string Path, string? TlsSecret, string? ClassName, string? Endpoint);

public sealed record ModelCacheSettings(string Size, string MountPath, string? StorageClass);

/// <summary>The checkpoint volume; a null access mode lets the generator choose (shared when there are several workers).</summary>
public sealed record CheckpointSettings(string Size, string? StorageClass, string? AccessMode, string MountPath);

public sealed record DatasetSettings(string Source, string? Image, string MountPath, string Size);

/// <summary>Kueue: the LocalQueue to submit to, and optionally the LocalQueue object to create.</summary>
public sealed record QueueSettings(string Name, string? ClusterQueue, string? KueuePriorityClass);

/// <summary>The training-job part of the contract (docs/app-model-contract.md).</summary>
public sealed record TrainingJobSettings
{
    public string Flavor { get; init; } = Contract.ContractDefaults.Flavor;
    public int Workers { get; init; } = 1;
    public int ProcessesPerWorker { get; init; } = 1;
    public int MasterPort { get; init; } = Contract.ContractDefaults.MasterPort;
    public CheckpointSettings? Checkpoint { get; init; }
    public DatasetSettings? Dataset { get; init; }
    public string? Schedule { get; init; }
    public string? TimeZone { get; init; }
    public QueueSettings? Queue { get; init; }
    public string? PriorityClassName { get; init; }
    public int? BackoffLimit { get; init; }
    public int? BackoffLimitPerIndex { get; init; }
    public int? MaxFailedIndexes { get; init; }
    public long? ActiveDeadlineSeconds { get; init; }
    public int? TtlSecondsAfterFinished { get; init; }
    public IReadOnlyList<int> FailOnExitCodes { get; init; } = [];
    public long? TerminationGracePeriodSeconds { get; init; }
}

/// <summary>What a <c>deployment</c> object asks of one resource.</summary>
public sealed partial record DeploymentSettings
{
    public const string DeploymentKind = "Deployment";
    public const string TrainingJobKind = "TrainingJob";

    public static DeploymentSettings Default { get; } = new();

    public string Kind { get; init; } = DeploymentKind;
    public int? Replicas { get; init; }
    public ResourceSettings? Resources { get; init; }
    public GpuSettings? Gpu { get; init; }
    public IReadOnlyList<ProbeSettings> Probes { get; init; } = [];
    public int? StartupTimeoutSeconds { get; init; }
    public AutoscalingSettings? Autoscaling { get; init; }
    public IngressSettings? Ingress { get; init; }
    public ModelCacheSettings? ModelCache { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public TrainingJobSettings? TrainingJob { get; init; }

    /// <summary><see cref="AppModel.Exposure"/> for external endpoints; null takes the environment's.</summary>
    public string? Exposure { get; init; }

    /// <summary>False opts this workload out of the read-only root filesystem.</summary>
    public bool ReadOnlyRootFilesystem { get; init; } = true;

    /// <summary>
    /// True keeps the workload's volumes in emptyDirs instead of claims: its data is lost with the
    /// pod (the opt-out from the data volume KubeAi gives every backing service).
    /// </summary>
    public bool EphemeralStorage { get; init; }

    /// <summary>Allow egress to addresses outside the cluster (model hubs, external APIs).</summary>
    public bool AllowInternetEgress { get; init; }

    public KServeSettings? KServe { get; init; }

    public bool IsTrainingJob => Kind == TrainingJobKind;
}

/// <summary>The <c>kubeai.environment.v0</c> resource: cluster-wide defaults from the app host.</summary>
public sealed partial record EnvironmentSettings(
    string Name,
    string? Namespace,
    string? Registry,
    string? ImageTag,
    string? ImagePullSecret,
    string? IngressClass,
    string? StorageClass,
    ResourceSettings? Resources,
    string? Exposure = null,
    string? IngressControllerNamespace = null,
    IReadOnlyList<string>? External = null)
{
    /// <summary>The deployment environments (dev, staging, prod) the app is delivered to, by name; see docs/environments.md.</summary>
    public IReadOnlyDictionary<string, DeliveryEnvironment> Environments { get; init; } = new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal);

    /// <summary>Where secret values come from (env file, existing Secrets, ExternalSecrets); see docs/environments.md.</summary>
    public SecretSources Secrets { get; init; } = SecretSources.EnvFile;
}
