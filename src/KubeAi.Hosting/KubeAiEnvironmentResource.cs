using Aspire.Hosting.ApplicationModel;
using KubeAi.Core.AppModel;

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
    /// <summary>
    /// What the <c>With…</c> methods of the environment set: KubeAi.Core's intent model of the
    /// <c>kubeai.environment.v0</c> resource. The collections below are added when it is written.
    /// </summary>
    public EnvironmentSettings Settings { get; internal set; } = new(name, null, null, null, null, null, null, null, External: []);

    /// <summary>The namespace written into the kustomization; none leaves it to kubectl's context.</summary>
    public string? Namespace { get => Settings.Namespace; internal set => Settings = Settings with { Namespace = value }; }

    /// <summary>The registry project images are pushed to when no image is pinned for them.</summary>
    public string? Registry { get => Settings.Registry; internal set => Settings = Settings with { Registry = value }; }

    /// <summary>The tag of project images when no image is pinned for them.</summary>
    public string? ImageTag { get => Settings.ImageTag; internal set => Settings = Settings with { ImageTag = value }; }

    /// <summary>The Secret (of type <c>kubernetes.io/dockerconfigjson</c>) pods pull images with.</summary>
    public string? ImagePullSecret { get => Settings.ImagePullSecret; internal set => Settings = Settings with { ImagePullSecret = value }; }

    /// <summary>The ingress class of every ingress that does not name its own.</summary>
    public string? IngressClass { get => Settings.IngressClass; internal set => Settings = Settings with { IngressClass = value }; }

    /// <summary>The storage class of every volume claim that does not name its own.</summary>
    public string? StorageClass { get => Settings.StorageClass; internal set => Settings = Settings with { StorageClass = value }; }

    /// <summary>The resources marked <c>PublishAsExternal()</c>, found when the app model is complete.</summary>
    internal IReadOnlyList<string> ExternalResources { get => Settings.External ?? []; set => Settings = Settings with { External = value }; }

    /// <summary>Requests and limits of every container that does not set its own.</summary>
    public ResourceSettings? DefaultResources { get => Settings.Resources; internal set => Settings = Settings with { Resources = value }; }

    /// <summary>The Gateway routes attach to (<c>WithGateway</c>): name, namespace, listener.</summary>
    public GatewaySettings? Gateway { get => Settings.Gateway; internal set => Settings = Settings with { Gateway = value }; }

    /// <summary>How external endpoints are reached when a workload does not choose (<c>WithExposure</c>); its contract name (ingress, loadBalancer, cluster, gateway).</summary>
    public string? Exposure { get => Settings.Exposure; internal set => Settings = Settings with { Exposure = value }; }

    /// <summary>The namespace outside traffic comes from (the ingress controller's or the Gateway's data plane).</summary>
    public string? IngressControllerNamespace { get => Settings.IngressControllerNamespace; internal set => Settings = Settings with { IngressControllerNamespace = value }; }

    /// <summary>GPU allocation of workloads that do not choose.</summary>
    public GpuAllocation? GpuAllocation
    {
        get => KubeAiDeploymentSettingsExtensions.FromContractName(Settings.GpuAllocation);
        internal set => Settings = Settings with { GpuAllocation = value?.ContractName() };
    }

    /// <summary>The target Kubernetes version (<c>1.35</c>).</summary>
    public string? KubernetesVersion { get => Settings.KubernetesVersion; internal set => Settings = Settings with { KubernetesVersion = value }; }

    /// <summary>The deployment environments (overlays), by name.</summary>
    public SortedDictionary<string, DeliveryEnvironment> Environments { get; } = new(StringComparer.Ordinal);

    /// <summary>Where secret parameters without a source of their own come from; null: base/secrets.env.</summary>
    public SecretSource? DefaultSecretSource { get; internal set; }

    /// <summary>Per secret parameter, its own source (collected from <see cref="KubeAiSecretSourceAnnotation"/>s before publishing).</summary>
    public SortedDictionary<string, SecretSource> SecretSources { get; } = new(StringComparer.Ordinal);

    /// <summary>Everything the environment resource writes to the manifest, as one record.</summary>
    internal EnvironmentSettings ToSettings() => Settings with
    {
        Environments = new SortedDictionary<string, DeliveryEnvironment>(Environments, StringComparer.Ordinal),
        Secrets = new global::KubeAi.Core.AppModel.SecretSources
        {
            Default = DefaultSecretSource,
            Parameters = SecretSources.Count == 0 ? null : new(SecretSources, StringComparer.Ordinal),
        },
    };
}
