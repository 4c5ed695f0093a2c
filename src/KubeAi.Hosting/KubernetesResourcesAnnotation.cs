using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>CPU and memory requests and limits of a workload's container (Kubernetes quantities); null sides take the defaults.</summary>
public sealed record KubernetesResourcesAnnotation(string? CpuRequest, string? MemoryRequest, string? CpuLimit, string? MemoryLimit) : IResourceAnnotation
{
    internal bool HasRequests => CpuRequest is not null || MemoryRequest is not null;
    internal bool HasLimits => CpuLimit is not null || MemoryLimit is not null;
}
