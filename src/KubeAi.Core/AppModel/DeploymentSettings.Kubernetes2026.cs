namespace KubeAi.Core.AppModel;

/// <summary>How a workload gets its GPUs: the NVIDIA device plugin's extended resources, or Dynamic Resource Allocation.</summary>
public static class GpuAllocation
{
    /// <summary><c>nvidia.com/gpu</c> limits, a toleration and a node selector: what every GPU cluster runs (the default).</summary>
    public const string DevicePlugin = "devicePlugin";

    /// <summary>A <c>resource.k8s.io/v1</c> ResourceClaimTemplate asking NVIDIA's DRA driver for devices with CEL selectors.</summary>
    public const string Dra = "dra";

    public static readonly string[] All = [DevicePlugin, Dra];
}

/// <summary>
/// The Gateway API Gateway (owned by the platform team) that HTTPRoutes and GRPCRoutes attach to.
/// A null namespace means the Gateway is in the application's own namespace.
/// </summary>
public sealed record GatewaySettings(string Name, string? Namespace, string? SectionName);

/// <summary>
/// Model weights shipped as an OCI artifact and mounted read-only as an image volume.
/// <see cref="Source"/> is a local folder the publish step packs and pushes to <see cref="Image"/>.
/// </summary>
public sealed record ModelImageSettings(string Image, string MountPath, string? PullPolicy, string? Source);

/// <summary>Serving one model across several pods: a LeaderWorkerSet group of one leader and <c>Size - 1</c> workers.</summary>
public sealed record ServingWorkersSettings(int Size);

/// <summary>
/// Gateway API Inference Extension: an InferencePool over the model-server pods, which the
/// HTTPRoute points at; the endpoint picker is a service the platform runs.
/// </summary>
public sealed record InferencePoolSettings(string? Endpoint, string EndpointPicker, int EndpointPickerPort);

/// <summary>The 2026 Kubernetes part of a <c>deployment</c> object (docs/kubernetes-2026.md).</summary>
public sealed partial record DeploymentSettings
{
    /// <summary>An OCI artifact with model weights, mounted read-only (an image volume).</summary>
    public ModelImageSettings? Model { get; init; }

    /// <summary>Pods per serving group; more than one makes a LeaderWorkerSet instead of a Deployment.</summary>
    public ServingWorkersSettings? Workers { get; init; }

    /// <summary>An InferencePool in front of the model servers.</summary>
    public InferencePoolSettings? InferencePool { get; init; }
}

/// <summary>The 2026 Kubernetes part of the <c>kubeai.environment.v0</c> resource.</summary>
public sealed partial record EnvironmentSettings
{
    /// <summary>The Gateway external HTTP and gRPC endpoints attach to; when set, routes are the default exposure.</summary>
    public GatewaySettings? Gateway { get; init; }

    /// <summary>The <see cref="AppModel.GpuAllocation"/> of workloads whose GPU settings do not choose one.</summary>
    public string? GpuAllocation { get; init; }

    /// <summary>The Kubernetes version the manifests target (<c>major.minor</c>).</summary>
    public string? KubernetesVersion { get; init; }
}
