using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KubeAi.Build;

/// <summary>Lists the project resources of an Aspire manifest: the projects whose images must be built.</summary>
public sealed class ReadAspireProjects : Microsoft.Build.Utilities.Task
{
    [Required]
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>One item per project resource: the full .csproj path, with <c>ResourceName</c> metadata.</summary>
    [Output]
    public ITaskItem[] Projects { get; set; } = [];

    public override bool Execute() => TaskErrors.Run(Log, ManifestPath, () =>
    {
        var manifest = ManifestReader.ReadFile(ManifestPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(ManifestPath))!;
        var projects = new List<ITaskItem>();
        foreach (var resource in manifest.Resources.Where(r => r.Kind == ResourceKind.Project))
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
        return true;
    });
}
