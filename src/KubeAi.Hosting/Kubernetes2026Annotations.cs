using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>How a workload gets its GPUs in the cluster.</summary>
public enum GpuAllocation
{
    /// <summary>The NVIDIA device plugin: <c>nvidia.com/gpu</c> limits, a toleration, a product node selector (the default).</summary>
    DevicePlugin,

    /// <summary>Dynamic Resource Allocation (<c>resource.k8s.io/v1</c>, Kubernetes 1.34+): a ResourceClaimTemplate on NVIDIA's DRA driver.</summary>
    Dra,
}

/// <summary>Model weights as an OCI artifact mounted read-only (an image volume); <see cref="Source"/> is packed and pushed by <c>dotnet publish</c>.</summary>
/// <param name="Image">The artifact's reference, <c>registry/repository:tag</c> (or pinned <c>@sha256:…</c>).</param>
/// <param name="MountPath">Where the weights appear in the container.</param>
/// <param name="Source">A local folder (absolute) to pack and push to <paramref name="Image"/>, or null for an artifact that exists.</param>
/// <param name="PullPolicy"><c>Always</c>, <c>IfNotPresent</c> or <c>Never</c>; KubeAi chooses when null.</param>
public sealed record ModelImageAnnotation(string Image, string MountPath, string? Source, string? PullPolicy) : IResourceAnnotation;

/// <summary>Pods per serving group (leader included): more than one makes a LeaderWorkerSet.</summary>
/// <param name="Size">Pods per group, 1 to 64.</param>
public sealed record ServingWorkersAnnotation(int Size) : IResourceAnnotation;

/// <summary>An InferencePool in front of a model server.</summary>
/// <param name="EndpointPicker">The endpoint picker Service the platform runs.</param>
/// <param name="EndpointPickerPort">Its gRPC port (the extension's default: 9002).</param>
/// <param name="EndpointName">The endpoint the pool serves; the first external http endpoint when null.</param>
public sealed record InferencePoolAnnotation(string EndpointPicker, int EndpointPickerPort, string? EndpointName) : IResourceAnnotation;
