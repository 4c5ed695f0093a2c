using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// A Kubernetes cluster as an Aspire compute environment. In publish mode every project, container
/// and training job of the app model is deployed to it: each gets a <c>deployment</c> object in the
/// manifest (docs/app-model-contract.md) and the <c>kubeai-kubernetes</c> pipeline step writes the
/// kustomize tree with KubeAi.Core.
/// </summary>
/// <param name="name">The resource name, for example <c>k8s</c>.</param>
public sealed class KubeAiEnvironmentResource(string name) : Resource(name), IComputeEnvironmentResource
{
    /// <summary>The namespace written into the kustomization; none leaves it to kubectl's context.</summary>
    public string? Namespace { get; internal set; }

    /// <summary>The registry project images are pushed to when no image is pinned for them.</summary>
    public string? Registry { get; internal set; }

    /// <summary>The tag of project images when no image is pinned for them.</summary>
    public string? ImageTag { get; internal set; }

    /// <summary>The Secret (of type <c>kubernetes.io/dockerconfigjson</c>) pods pull images with.</summary>
    public string? ImagePullSecret { get; internal set; }

    /// <summary>The ingress class of every ingress that does not name its own.</summary>
    public string? IngressClass { get; internal set; }

    /// <summary>The storage class of every volume claim that does not name its own.</summary>
    public string? StorageClass { get; internal set; }

    /// <summary>The resources marked <c>PublishAsExternal()</c>, found when the app model is complete.</summary>
    internal IReadOnlyList<string> ExternalResources { get; set; } = [];

    /// <summary>Requests and limits of every container that does not set its own.</summary>
    public KubernetesResourcesAnnotation? DefaultResources { get; internal set; }

    /// <summary>The Gateway routes attach to (<c>WithGateway</c>): name, namespace, listener.</summary>
    public (string Name, string? Namespace, string? SectionName)? Gateway { get; internal set; }

    /// <summary>The namespace outside traffic comes from (the ingress controller's or the Gateway's data plane).</summary>
    public string? IngressControllerNamespace { get; internal set; }

    /// <summary>GPU allocation of workloads that do not choose.</summary>
    public GpuAllocation? GpuAllocation { get; internal set; }

    /// <summary>The target Kubernetes version (<c>1.35</c>).</summary>
    public string? KubernetesVersion { get; internal set; }

    /// <summary>The deployment environments (overlays), by name.</summary>
    public SortedDictionary<string, global::KubeAi.Core.AppModel.DeliveryEnvironment> Environments { get; } = new(StringComparer.Ordinal);

    /// <summary>Where secret parameters without a source of their own come from; null: base/secrets.env.</summary>
    public global::KubeAi.Core.AppModel.SecretSource? DefaultSecretSource { get; internal set; }

    /// <summary>Per secret parameter, its own source (collected from <see cref="KubeAiSecretSourceAnnotation"/>s before publishing).</summary>
    public SortedDictionary<string, global::KubeAi.Core.AppModel.SecretSource> SecretSources { get; } = new(StringComparer.Ordinal);
}
