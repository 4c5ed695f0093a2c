namespace KubeAi.Core.AppModel;

/// <summary>An Aspire manifest read into resources, in manifest order.</summary>
public sealed class AppManifest
{
    public AppManifest(string source, IReadOnlyList<AppResource> resources)
    {
        Source = source;
        Resources = resources;
        ByName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var environments = resources.Where(r => r.Kind == ResourceKind.Environment).ToList();
        if (environments.Count > 1)
        {
            throw new Diagnostics.KubeAiException(
                Diagnostics.ErrorCodes.DuplicateEnvironment,
                $"the manifest has {environments.Count} KubeAi environments ({string.Join(", ", environments.Select(e => e.Name))}); one app host publishes to one",
                environments[1].Origin);
        }

        Environment = environments.FirstOrDefault()?.EnvironmentSettings;

        // KubeAi's deployment objects are read strictly; another compute environment's only lend replicas.
        foreach (var resource in resources.Where(r => r.IsWorkload))
        {
            resource.Settings = DeploymentSettingsReader.Read(resource, strict: Environment is not null);
        }
    }

    /// <summary>The KubeAi environment of the app host, if it declared one.</summary>
    public EnvironmentSettings? Environment { get; }

    /// <summary>The file (or label) the manifest was read from.</summary>
    public string Source { get; }

    /// <summary>The folder relative project paths start from; null when unknown (then project files are not read).</summary>
    public string? BaseDirectory { get; init; }
    public IReadOnlyList<AppResource> Resources { get; }
    public IReadOnlyDictionary<string, AppResource> ByName { get; }
}
