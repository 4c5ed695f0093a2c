namespace KubeAi.Core.Generation;

/// <summary>
/// Requests and limits given to every container that does not set its own. A null field falls
/// back to the app host's KubeAi environment, then to <see cref="Standard"/>.
/// </summary>
public sealed record ResourceDefaults(string? CpuRequest, string? MemoryRequest, string? CpuLimit, string? MemoryLimit)
{
    public static ResourceDefaults Standard { get; } = new("100m", "128Mi", "1", "512Mi");

    /// <summary>Each field from the first of the given sets that has it.</summary>
    public static ResourceDefaults Merge(params ResourceDefaults?[] layers) => new(
        layers.Select(l => l?.CpuRequest).FirstOrDefault(v => v is not null),
        layers.Select(l => l?.MemoryRequest).FirstOrDefault(v => v is not null),
        layers.Select(l => l?.CpuLimit).FirstOrDefault(v => v is not null),
        layers.Select(l => l?.MemoryLimit).FirstOrDefault(v => v is not null));
}

/// <summary>The layouts KubeAi writes the same objects in.</summary>
[Flags]
public enum OutputFormat
{
    Kustomize = 1,
    Helm = 2,
    Both = Kustomize | Helm,
}

/// <summary>What the caller decides beyond the manifest.</summary>
public sealed partial record GeneratorOptions
{
    /// <summary>The application name: <c>app.kubernetes.io/part-of</c>, <c>instance</c> and the Secret's name.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>Namespace written into the kustomization; none leaves it to kubectl's context.</summary>
    public string? Namespace { get; init; }

    /// <summary>Image per resource name; wins over everything else (built images pinned by digest come here).</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>Registry for project images that have no explicit image.</summary>
    public string? Registry { get; init; }

    /// <summary>Tag for project images that have no explicit image.</summary>
    public string? Tag { get; init; }

    /// <summary>Values for non-secret parameters. Secret values are never accepted here.</summary>
    public IReadOnlyDictionary<string, string> ParameterValues { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Refuse plain parameters without a value (KUBEAI1014), for CI that must not ship a tree with open inputs.
    /// Off by default: such a parameter becomes a deploy-time input (<c>base/parameters.env</c>, Helm values).
    /// </summary>
    public bool StrictParameters { get; init; }

    /// <summary>
    /// Resources that run outside the cluster (cloud databases, hosted APIs): nothing is generated for them, and
    /// every reference to them (connection string, URL, output) becomes a secret deploy-time input. The app host's
    /// <c>PublishAsExternal()</c> adds to these through the environment's <c>external</c> list.
    /// </summary>
    public IReadOnlySet<string> ExternalResources { get; init; } = new HashSet<string>();

    /// <summary>Skip resources of unknown type (with a warning) instead of failing.</summary>
    public bool SkipUnknownResources { get; init; }

    /// <summary>Default requests/limits; fields left null come from the environment, then <see cref="ResourceDefaults.Standard"/>.</summary>
    public ResourceDefaults? Resources { get; init; }

    /// <summary>The size of a volume claim when neither the caller nor a backing service's entry gives one.</summary>
    public const string DefaultVolumeSize = "1Gi";

    /// <summary>
    /// Size of each volume claim made for a container's named volume; null gives a backing
    /// service's data volume its catalogue size and every other claim <see cref="DefaultVolumeSize"/>.
    /// </summary>
    public string? VolumeSize { get; init; }

    /// <summary>What to write: the kustomize tree (<c>base/</c>), a Helm chart (<c>chart/</c>), or both.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Kustomize;

    /// <summary>Resources that keep a writable root filesystem (the opt-out from read-only roots).</summary>
    public IReadOnlySet<string> WritableRootFilesystem { get; init; } = new HashSet<string>();

    /// <summary>
    /// Resources whose storage is ephemeral: emptyDirs instead of volume claims, so their data is
    /// lost with the pod (the opt-out from the data volume KubeAi gives every backing service).
    /// </summary>
    public IReadOnlySet<string> EphemeralStorage { get; init; } = new HashSet<string>();

    /// <summary>
    /// Called with each resource's generated objects before they are written: the escape hatch
    /// of KubeAi.Hosting's <c>PublishAsKubernetes</c>. The list may be changed in place.
    /// </summary>
    public Action<string, IList<k8s.IKubernetesObject>>? Customize { get; init; }

    /// <summary>The uid that .NET project images run as (the SDK images' <c>APP_UID</c>).</summary>
    public long ProjectUserId { get; init; } = 1654;

    /// <summary>The non-root uid other images are run as under the restricted profile.</summary>
    public long ContainerUserId { get; init; } = 1000;

    /// <summary>
    /// Deployment environments given by the caller (<c>kubeai.environments.json</c>, <c>--environments</c>,
    /// <c>KubeAiEnvironment</c> items); one named like an app-model environment replaces it whole.
    /// </summary>
    public IReadOnlyDictionary<string, AppModel.DeliveryEnvironment>? Environments { get; init; }

    /// <summary>Write only this environment's overlay (MSBuild <c>KubeAiEnvironment</c>, CLI <c>--environment</c>); null writes all.</summary>
    public string? Environment { get; init; }

    /// <summary>File name shown in the header of generated files.</summary>
    public string SourceName { get; init; } = "aspire-manifest.json";
}
