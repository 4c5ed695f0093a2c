using KubeAi.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KubeAi.Build;

/// <summary>
/// Runs a built Aspire app host in publish-manifest mode, non-interactively, and checks that it
/// wrote <c>aspire-manifest.json</c>. The app host exits 0 even when a step fails, so its
/// <c>fail:</c>/<c>crit:</c> lines and the file itself are what decide success.
/// </summary>
public sealed class PublishAspireManifest : Microsoft.Build.Utilities.Task
{
    /// <summary>The app host's built assembly (<c>$(TargetPath)</c>).</summary>
    [Required]
    public string AppHostAssembly { get; set; } = string.Empty;

    /// <summary>The app host's project folder: Aspire's content root (appsettings.json).</summary>
    [Required]
    public string WorkingDirectory { get; set; } = string.Empty;

    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Milliseconds before the app host is stopped.</summary>
    public int Timeout { get; set; } = 120_000;

    /// <summary>The dotnet host; defaults to the one running MSBuild.</summary>
    public string? DotnetHost { get; set; }

    [Output]
    public string ManifestPath { get; set; } = string.Empty;

    public override bool Execute() => TaskErrors.Run(Log, BuildEngine.ProjectFileOfTaskNode, () =>
    {
        Directory.CreateDirectory(OutputDirectory);
        var manifest = Path.Combine(OutputDirectory, "aspire-manifest.json");
        File.Delete(manifest);

        var run = AppHostRunner.Run(DotnetHost, AppHostAssembly, WorkingDirectory, "publish-manifest", OutputDirectory, Timeout);
        if (run.Failed || !File.Exists(manifest))
        {
            throw run.ToError("publish-manifest", AppHostAssembly);
        }

        Log.LogMessage(MessageImportance.Normal, $"KubeAi: Aspire manifest written to {manifest} in {run.Elapsed.TotalMilliseconds:F0} ms");
        ManifestPath = manifest;
        return true;
    });
}
