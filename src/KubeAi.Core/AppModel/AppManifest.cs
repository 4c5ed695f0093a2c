namespace KubeAi.Core.AppModel;

/// <summary>An Aspire manifest read into resources, in manifest order.</summary>
public sealed class AppManifest
{
    public AppManifest(string source, IReadOnlyList<AppResource> resources)
    {
        Source = source;
        Resources = resources;
        ByName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>The file (or label) the manifest was read from.</summary>
    public string Source { get; }
    public IReadOnlyList<AppResource> Resources { get; }
    public IReadOnlyDictionary<string, AppResource> ByName { get; }
}
