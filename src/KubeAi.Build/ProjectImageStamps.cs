using KubeAi.Core.Output;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KubeAi.Build;

/// <summary>
/// The app host's quick check before it asks a project for its image: when nothing in the project's folder
/// (sources, project file, its build output) nor in the build files above it changed since the image was
/// built, and the image settings are the same, the recorded image is reused without evaluating the project
/// again (an evaluation and an incremental Publish per project cost about as much as the app host's whole
/// no-op build). Anything else goes to the project's own check (CheckImageUpToDate), which hashes the
/// publish folder.
/// </summary>
internal static class ProjectImageStamps
{
    private static readonly string[] s_buildFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.Config", "NuGet.config"];

    public static string StampFile(string projectFile, string configuration) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectFile))!, "obj", "kubeai", $"image-{configuration}.host");

    public static string Fingerprint(ITaskItem project, string settings)
    {
        var file = Path.GetFullPath(project.ItemSpec);
        var folder = Path.GetDirectoryName(file)!;
        var fingerprint = InputFingerprints.For("project-image")
            .Add("project", file)
            .Add("settings", settings)
            .Add("properties", project.GetMetadata("AdditionalProperties"));

        // The project's folder without obj (restore state aside) nor publish folders (the image's own output).
        fingerprint.AddFolderStamps(folder, [Path.Combine(folder, "obj")]);
        fingerprint.AddFile(Path.Combine(folder, "obj", "project.assets.json"));
        for (var directory = Directory.GetParent(folder); directory is not null; directory = directory.Parent)
        {
            foreach (var name in s_buildFiles)
            {
                var candidate = Path.Combine(directory.FullName, name);
                if (File.Exists(candidate))
                {
                    fingerprint.AddFile(candidate);
                }
            }
        }

        return fingerprint.Compute();
    }
}

/// <summary>Splits the app host's projects into those whose recorded image still stands and those to ask.</summary>
public sealed class CheckProjectImages : Microsoft.Build.Utilities.Task
{
    [Required]
    public ITaskItem[] Projects { get; set; } = [];

    [Required]
    public string Configuration { get; set; } = string.Empty;

    /// <summary>Settings of the whole publish that shape every image (SDK version, output mode, base image...).</summary>
    public string? Settings { get; set; }

    public bool VerifyInRegistry { get; set; }

    /// <summary>Images reused: item spec = resource name, metadata <c>Image</c>, <c>Status</c>=unchanged.</summary>
    [Output]
    public ITaskItem[] UpToDate { get; set; } = [];

    /// <summary>The projects to ask for their image (the input items, unchanged).</summary>
    [Output]
    public ITaskItem[] Stale { get; set; } = [];

    public override bool Execute() => TaskErrors.Run(Log, BuildEngine.ProjectFileOfTaskNode, () =>
    {
        var upToDate = new List<ITaskItem>();
        var stale = new List<ITaskItem>();
        foreach (var project in Projects)
        {
            var stamp = ProjectImageStamps.StampFile(project.ItemSpec, Configuration);
            var image = File.Exists(stamp) && File.ReadAllLines(stamp) is [var recorded, var pinned, ..]
                && recorded == ProjectImageStamps.Fingerprint(project, Settings ?? string.Empty) && pinned.Length > 0
                ? pinned
                : null;
            if (image is not null && VerifyInRegistry && RegistryLookup.IsMissing(image, out var url))
            {
                Log.LogMessage(MessageImportance.High, $"KubeAi: {image} is no longer in its registry ({url} answered 404); building it again");
                image = null;
            }

            if (image is null)
            {
                stale.Add(project);
                continue;
            }

            Log.LogMessage(MessageImportance.Normal, $"KubeAi: {project.ItemSpec} is unchanged since its image was built; reusing {image}");
            var item = new TaskItem(project.GetMetadata("ResourceName"));
            item.SetMetadata("Image", image);
            item.SetMetadata("Status", "unchanged");
            upToDate.Add(item);
        }

        UpToDate = [.. upToDate];
        Stale = [.. stale];
        return true;
    });
}

/// <summary>After the projects built their images: records, per project, what the quick check compares next time.</summary>
public sealed class RecordProjectImages : Microsoft.Build.Utilities.Task
{
    [Required]
    public ITaskItem[] Projects { get; set; } = [];

    /// <summary>What the projects returned (<c>KubeAiBuiltImage</c>): item spec = resource name, metadata <c>Image</c>.</summary>
    public ITaskItem[] Images { get; set; } = [];

    [Required]
    public string Configuration { get; set; } = string.Empty;

    public string? Settings { get; set; }

    public override bool Execute() => TaskErrors.Run(Log, BuildEngine.ProjectFileOfTaskNode, () =>
    {
        var images = Images.GroupBy(i => i.ItemSpec, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().GetMetadata("Image"), StringComparer.Ordinal);
        foreach (var project in Projects)
        {
            var stamp = ProjectImageStamps.StampFile(project.ItemSpec, Configuration);
            if (!images.TryGetValue(project.GetMetadata("ResourceName"), out var image) || image.Length == 0)
            {
                StageStamp.Delete(stamp);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
            File.WriteAllLines(stamp, [ProjectImageStamps.Fingerprint(project, Settings ?? string.Empty), image]);
        }

        return true;
    });
}
