namespace KubeAi.Core.Generation;

/// <summary>The options of docs/kubernetes-2026.md.</summary>
public sealed partial record GeneratorOptions
{
    /// <summary>
    /// The Kubernetes version the manifests target (<c>1.35</c>); wins over the environment's.
    /// Null takes the environment's, else <see cref="AppModel.KubernetesVersion.Default"/>.
    /// </summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>
    /// The pinned reference (<c>registry/repo:tag@sha256:…</c>) of each resource's model artifact,
    /// by resource name, as the publish step pushed it; wins over the reference in the manifest.
    /// </summary>
    public IReadOnlyDictionary<string, string> ModelImages { get; init; } = new Dictionary<string, string>();
}
