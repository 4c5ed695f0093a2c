using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using KubeAi.Core.AppModel;
using GpuAllocation = Aspire.Hosting.KubeAi.GpuAllocation;

namespace Aspire.Hosting;

/// <summary>
/// Kubernetes as clusters run AI in 2026 (docs/kubernetes-2026.md): a Gateway for HTTP and gRPC,
/// GPUs through DRA, model weights as image volumes, multi-pod model servers and inference pools.
/// Like every KubeAi setting they only shape what the environment publishes.
/// </summary>
public static class KubeAiKubernetes2026Extensions
{
    /// <summary>
    /// Exposes external HTTP endpoints through the Gateway API: an HTTPRoute per external http endpoint
    /// (a GRPCRoute for HTTP/2 ones) attached to the Gateway <paramref name="name"/> in
    /// <paramref name="namespace"/> (the application's own when null), optionally to one listener. This
    /// becomes the default exposure; TLS is the Gateway listener's. NetworkPolicies admit traffic from the
    /// Gateway's namespace (or the one <see cref="WithIngressControllerNamespace"/> names).
    /// </summary>
    /// <example><code lang="csharp">builder.AddKubeAiEnvironment("k8s").WithGateway("shared-gateway", "gateway-system", sectionName: "https");</code></example>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithGateway(this IResourceBuilder<KubeAiEnvironmentResource> builder, string name, string? @namespace = null, string? sectionName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        var gateway = KubeAiArguments.DnsName(name, nameof(name), "gateway name")!;
        var ns = @namespace is null ? null : KubeAiArguments.Namespace(@namespace, nameof(@namespace));
        var section = KubeAiArguments.DnsName(sectionName, nameof(sectionName), "listener name");
        builder.Resource.Gateway = new GatewaySettings(gateway, ns, section);
        return builder;
    }

    /// <summary>
    /// Names the namespace the ingress controller's (or the Gateway's data plane's) pods run in: the only
    /// namespace NetworkPolicies admit outside traffic from. Without it, an Ingress is reachable from
    /// any namespace of the cluster (never from addresses outside it), a Gateway from its own namespace.
    /// </summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithIngressControllerNamespace(this IResourceBuilder<KubeAiEnvironmentResource> builder, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.IngressControllerNamespace = KubeAiArguments.Namespace(@namespace, nameof(@namespace));
        return builder;
    }

    /// <summary>How GPUs are allocated to every workload whose <c>WithGpus</c> does not choose (default: the device plugin).</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithGpuAllocation(this IResourceBuilder<KubeAiEnvironmentResource> builder, GpuAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.GpuAllocation = allocation;
        return builder;
    }

    /// <summary>The cluster's Kubernetes version (<c>1.35</c>, the default): a feature it lacks is an error at publish (KUBEAI3021).</summary>
    public static IResourceBuilder<KubeAiEnvironmentResource> WithKubernetesVersion(this IResourceBuilder<KubeAiEnvironmentResource> builder, string version)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(version);
        var oldest = global::KubeAi.Core.AppModel.KubernetesVersion.Oldest;
        if (!global::KubeAi.Core.AppModel.KubernetesVersion.TryParse(version, out var parsed) || parsed.Major != 1 || parsed < oldest)
        {
            throw new ArgumentException($"'{version}' is not a Kubernetes version KubeAi generates for ({oldest} or later, for example 1.35)", nameof(version));
        }

        builder.Resource.KubernetesVersion = parsed.ToString();
        return builder;
    }

    /// <summary>
    /// Mounts model weights from the OCI artifact <paramref name="image"/> read-only at <paramref name="mountPath"/>
    /// (an image volume, Kubernetes 1.35+). With <paramref name="source"/> (a folder, relative to the app host),
    /// <c>dotnet publish</c> packs the folder into an artifact, pushes it to <paramref name="image"/> and pins its digest.
    /// </summary>
    /// <example><code lang="csharp">llm.WithModel("localhost:5000/models/phi-4-mini:1", source: "../models/phi-4-mini");</code></example>
    public static IResourceBuilder<T> WithModel<T>(this IResourceBuilder<T> builder, string image, string mountPath = "/models", string? source = null, string? pullPolicy = null)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (!ImageReference.IsValid(image) || !image.Contains('/'))
        {
            throw new ArgumentException($"'{image}' is not an OCI reference of the form registry/repository[:tag][@sha256:digest]", nameof(image));
        }

        KubeAiArguments.Path(mountPath, nameof(mountPath), "model mount path");
        if (pullPolicy is not (null or "Always" or "IfNotPresent" or "Never"))
        {
            throw new ArgumentException($"pull policy '{pullPolicy}' is not Always, IfNotPresent or Never", nameof(pullPolicy));
        }

        var folder = source is null ? null : Path.GetFullPath(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, source));
        var model = new ModelImageSettings(image, mountPath, pullPolicy, folder);
        return builder.WithKubeAiSettings(s => s with { Model = model });
    }

    /// <summary>
    /// Serves one model across <paramref name="podsPerGroup"/> pods (a leader and workers, tensor or pipeline
    /// parallel): a LeaderWorkerSet instead of a Deployment, each pod with the resource's GPUs, the leader's
    /// address in <c>KUBEAI_LEADER_ADDRESS</c>. <c>WithReplicas</c> counts groups.
    /// </summary>
    /// <example><code lang="csharp">llm.WithServingWorkers(2).WithGpus(8);</code></example>
    public static IResourceBuilder<T> WithServingWorkers<T>(this IResourceBuilder<T> builder, int podsPerGroup)
        where T : IComputeResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        KubeAiArguments.Range(podsPerGroup, 1, 64, nameof(podsPerGroup), "pods per group");
        if (builder.Resource is ITrainingJobResource)
        {
            throw new ArgumentException("a training job's workers are set with WithWorkers; WithServingWorkers is for model servers", nameof(builder));
        }

        return builder.WithKubeAiSettings(s => s with { Workers = new ServingWorkersSettings(podsPerGroup) });
    }

    /// <summary>Serves the model across <paramref name="podsPerGroup"/> pods: see <see cref="WithServingWorkers{T}"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithWorkers(this IResourceBuilder<ProjectResource> builder, int podsPerGroup) =>
        WithServingWorkers(builder, podsPerGroup);

    /// <summary>Serves the model across <paramref name="podsPerGroup"/> pods: see <see cref="WithServingWorkers{T}"/>.</summary>
    public static IResourceBuilder<ContainerResource> WithWorkers(this IResourceBuilder<ContainerResource> builder, int podsPerGroup) =>
        WithServingWorkers(builder, podsPerGroup);

    /// <summary>
    /// Puts an InferencePool (Gateway API Inference Extension) over the model server's pods and points its
    /// HTTPRoute at the pool, so the Gateway places each request by load and LoRA adapter through the
    /// endpoint picker Service <paramref name="endpointPicker"/> the platform runs. Needs <c>WithGateway</c>.
    /// </summary>
    /// <example><code lang="csharp">llm.WithInferencePool("vllm-epp");</code></example>
    public static IResourceBuilder<T> WithInferencePool<T>(this IResourceBuilder<T> builder, string endpointPicker, int endpointPickerPort = 9002, string? endpointName = null)
        where T : IComputeResource, IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endpointPicker);
        KubeAiArguments.DnsName(endpointPicker, nameof(endpointPicker), "endpoint picker service");
        KubeAiArguments.Range(endpointPickerPort, 1, 65535, nameof(endpointPickerPort), "endpoint picker port");
        var pool = new InferencePoolSettings(endpointName, endpointPicker, endpointPickerPort);
        return builder.WithKubeAiSettings(s => s with { InferencePool = pool });
    }
}
