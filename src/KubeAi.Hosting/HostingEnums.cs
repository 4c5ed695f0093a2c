namespace Aspire.Hosting.KubeAi;

/// <summary>How a workload gets its GPUs in the cluster.</summary>
public enum GpuAllocation
{
    /// <summary>The NVIDIA device plugin: <c>nvidia.com/gpu</c> limits, a toleration, a product node selector (the default).</summary>
    DevicePlugin,

    /// <summary>Dynamic Resource Allocation (<c>resource.k8s.io/v1</c>, Kubernetes 1.34+): a ResourceClaimTemplate on NVIDIA's DRA driver.</summary>
    Dra,
}

/// <summary>How a workload's external endpoints are reached from outside the cluster (<c>WithExposure</c>).</summary>
public enum WorkloadExposure
{
    /// <summary>An Ingress per external http endpoint (the default without a Gateway).</summary>
    Ingress,

    /// <summary>A Service of type LoadBalancer.</summary>
    LoadBalancer,

    /// <summary>Nothing outside the cluster reaches it: a ClusterIP Service only.</summary>
    ClusterOnly,

    /// <summary>Gateway API routes to the environment's Gateway (the default with <c>WithGateway</c>).</summary>
    Gateway,
}
