using KubeAi.Core.Output;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
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

    /// <summary>
    /// The app host uses KubeAi.Hosting: start its <c>kubeai-kubernetes</c> step, which hands the manifest over
    /// and stays alive until <see cref="GenerateKubernetesManifests"/> asks it for the tree, so a publish runs
    /// the app host once (Core's <c>AppHostHandoff</c>).
    /// </summary>
    public bool HandOff { get; set; }

    /// <summary>With <see cref="HandOff"/>: the folder the step writes the tree to (<c>KubeAiOutputPath</c>).</summary>
    public string? KubernetesOutputDirectory { get; set; }

    /// <summary>Where the fingerprint of the last run's inputs is kept; empty runs the app host every time.</summary>
    public string? StampFile { get; set; }

    /// <summary>The app host's output folder (<c>$(OutDir)</c>): its assemblies are the app model's code.</summary>
    public string? InputFolder { get; set; }

    /// <summary>Folders inside <see cref="InputFolder"/> that are outputs, not inputs (the publish folder).</summary>
    public string[] ExcludeFolders { get; set; } = [];

    /// <summary>Other files the app host reads (appsettings*.json, user secrets).</summary>
    public ITaskItem[] InputFiles { get; set; } = [];

    [Output]
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>The fingerprint of the app host's inputs: generation depends on it too (PublishAsKubernetes callbacks are app host code).</summary>
    [Output]
    public string Fingerprint { get; set; } = string.Empty;

    /// <summary>True when the inputs were unchanged and the last manifest was kept without running the app host.</summary>
    [Output]
    public bool Skipped { get; set; }

    public override bool Execute() => TaskErrors.Run(Log, BuildEngine.ProjectFileOfTaskNode, () =>
    {
        Directory.CreateDirectory(OutputDirectory);
        var manifest = Path.Combine(OutputDirectory, "aspire-manifest.json");
        Fingerprint = ComputeFingerprint();
        if (StampFile is { Length: > 0 } stamp && File.Exists(manifest) && StageStamp.IsCurrent(stamp, Fingerprint))
        {
            Log.LogMessage(MessageImportance.Normal, $"KubeAi: the app host and its configuration are unchanged; keeping {manifest} (the app host is not run)");
            ManifestPath = manifest;
            Skipped = true;
            return true;
        }

        if (StampFile is { Length: > 0 })
        {
            StageStamp.Delete(StampFile);
        }

        File.Delete(manifest);
        if (!(HandOff && TryHandOff(manifest)))
        {
            var run = AppHostRunner.Run(DotnetHost, AppHostAssembly, WorkingDirectory, "publish-manifest", OutputDirectory, Timeout);
            if (run.Failed || !File.Exists(manifest))
            {
                throw run.ToError("publish-manifest", AppHostAssembly);
            }

            Log.LogMessage(MessageImportance.Normal, $"KubeAi: Aspire manifest written to {manifest} in {run.Elapsed.TotalMilliseconds:F0} ms");
        }

        if (StampFile is { Length: > 0 })
        {
            StageStamp.Write(StampFile, Fingerprint);
        }

        ManifestPath = manifest;
        return true;
    });

    private string ComputeFingerprint()
    {
        var fingerprint = InputFingerprints.For("manifest")
            .Add("assembly", Path.GetFullPath(AppHostAssembly))
            .Add("workingDirectory", WorkingDirectory)
            .Add("handOff", HandOff.ToString())
            .AddFile(AppHostAssembly);
        if (InputFolder is { Length: > 0 })
        {
            fingerprint.AddFolderStamps(InputFolder, ExcludeFolders);
        }

        foreach (var file in InputFiles.Select(i => i.ItemSpec).Order(StringComparer.Ordinal))
        {
            fingerprint.AddFile(file);
        }

        return fingerprint.AddConfigurationEnvironment().Compute();
    }

    /// <summary>
    /// Starts the <c>kubeai-kubernetes</c> step in hand-off mode and waits for its manifest. False when the app
    /// host exits without one and without a KubeAi error (it has no KubeAi environment, so no such step): the
    /// caller then runs <c>publish-manifest</c>.
    /// </summary>
    private bool TryHandOff(string manifest)
    {
        var folder = OutputDirectory;
        var session = AppHostSession.Start(DotnetHost, AppHostAssembly, WorkingDirectory, "kubeai-kubernetes", KubernetesOutputDirectory ?? Path.Combine(folder, "kubernetes"), new Dictionary<string, string>
        {
            [AppHostHandoff.ManifestFileVariable] = manifest,
            [PublishOptionsFile.OptionsFileVariable] = Path.Combine(folder, "publish-options.json"),
            [PublishOptionsFile.ImagesFileVariable] = Path.Combine(folder, "images.json"),
            [PublishResultFile.ResultFileVariable] = Path.Combine(folder, "publish-result.json"),
        });
        try
        {
            if (session.WaitForFile(manifest, Timeout))
            {
                Log.LogMessage(MessageImportance.Normal, $"KubeAi: Aspire manifest handed over to {manifest}; the app host waits to write the tree");
                if (BuildEngine is IBuildEngine4 registry)
                {
                    var key = AppHostSession.KeyFor(manifest);
                    (registry.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build) as IDisposable)?.Dispose();
                    registry.RegisterTaskObject(key, session, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
                }
                else
                {
                    session.Dispose();
                }

                session = null;
                return true;
            }

            var run = session.WaitForExit(Timeout);
            if (run.Output.Contains("KUBEAI", StringComparison.Ordinal))
            {
                throw run.ToError("kubeai-kubernetes", AppHostAssembly);
            }

            Log.LogMessage(MessageImportance.Low, "KubeAi: the app host has no kubeai-kubernetes step; running publish-manifest");
            return false;
        }
        finally
        {
            session?.Dispose();
        }
    }
}
