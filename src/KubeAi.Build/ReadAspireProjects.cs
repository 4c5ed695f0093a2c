using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KubeAi.Build;

/// <summary>Lists the project resources of an Aspire manifest: the projects whose images must be built.</summary>
public sealed class ReadAspireProjects : Microsoft.Build.Utilities.Task
{
    /// <summary>
    /// <c>registry.example.com/team</c> → (<c>registry.example.com</c>, <c>team/</c>): the SDK's
    /// ContainerRegistry is a host; the path belongs to the repository, as it does in Core's image names.
    /// </summary>
    internal static (string Host, string Prefix) SplitRegistry(string? registry)
    {
        var trimmed = (registry ?? string.Empty).Trim().TrimEnd('/');
        var slash = trimmed.IndexOf('/');
        return slash < 0 ? (trimmed, string.Empty) : (trimmed[..slash], trimmed[(slash + 1)..] + "/");
    }

    [Required]
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>The app host's KubeAiRegistry, if set: it wins over the manifest's KubeAi environment.</summary>
    public string? Registry { get; set; }

    /// <summary>The app host's KubeAiImageTag, if set.</summary>
    public string? ImageTag { get; set; }

    /// <summary>Resources declared external (<c>KubeAiExternalResource</c> items): no image is built for them.</summary>
    public ITaskItem[] ExternalResources { get; set; } = [];

    /// <summary>One item per project resource: the full .csproj path, with <c>ResourceName</c> metadata.</summary>
    [Output]
    public ITaskItem[] Projects { get; set; } = [];

    /// <summary>The registry host images are pushed to (KubeAiRegistry, else the environment's), without a path.</summary>
    [Output]
    public string RegistryHost { get; set; } = string.Empty;

    /// <summary>The path part of the registry (<c>team/</c> of <c>registry.example.com/team</c>), prefixed to repositories.</summary>
    [Output]
    public string RepositoryPrefix { get; set; } = string.Empty;

    /// <summary>KubeAiImageTag, else the environment's image tag.</summary>
    [Output]
    public string EffectiveImageTag { get; set; } = string.Empty;

    public override bool Execute() => TaskErrors.Run(Log, ManifestPath, () =>
    {
        var manifest = ManifestCache.Read(BuildEngine, ManifestPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(ManifestPath))!;
        var projects = new List<ITaskItem>();
        var external = ExternalResources.Select(i => i.ItemSpec).Concat(manifest.Environment?.External ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var resource in manifest.Resources.Where(r => r.Kind == ResourceKind.Project && !external.Contains(r.Name)))
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource.ProjectPath ?? string.Empty));
            if (resource.ProjectPath is null || !File.Exists(path))
            {
                throw new KubeAiException(ErrorCodes.ProjectNotFound, $"project resource '{resource.Name}' points at '{resource.ProjectPath}', which does not exist", resource.Origin);
            }

            var item = new TaskItem(path);
            item.SetMetadata("ResourceName", resource.Name);
            projects.Add(item);
        }

        Projects = [.. projects];
        var registry = string.IsNullOrWhiteSpace(Registry) ? manifest.Environment?.Registry : Registry;
        (RegistryHost, RepositoryPrefix) = SplitRegistry(registry);
        EffectiveImageTag = (string.IsNullOrWhiteSpace(ImageTag) ? manifest.Environment?.ImageTag : ImageTag) ?? string.Empty;
        return true;
    });
}
