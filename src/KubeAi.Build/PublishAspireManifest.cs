using System.Diagnostics;
using System.Text;
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

        var host = DotnetHost is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromMsBuild ? fromMsBuild
            : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { AppHostAssembly, "--operation", "publish", "--step", "publish-manifest", "--output-path", OutputDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        // Never wait for a prompt: a missing value must fail, not hang the build.
        info.Environment["ASPIRE_INTERACTIVITY_ENABLED"] = "false";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new KubeAiException(ErrorCodes.AppHostFailed, $"could not start '{host}' to run the app host: {ex.Message}", AppHostAssembly);
        }

        using var process = started ?? throw new KubeAiException(ErrorCodes.AppHostFailed, $"could not start '{host}' to run the app host", AppHostAssembly);
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new KubeAiException(ErrorCodes.AppHostTimedOut, $"the app host did not write its manifest within {Timeout / 1000} s and was stopped; output so far:\n{output}", AppHostAssembly);
        }

        process.WaitForExit();
        var text = output.ToString();
        var failures = text.Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        if (process.ExitCode != 0 || failures.Count > 0 || !File.Exists(manifest))
        {
            throw new KubeAiException(
                ErrorCodes.AppHostFailed,
                $"the app host did not produce a manifest (exit code {process.ExitCode}); its output:\n{text.Trim()}",
                AppHostAssembly);
        }

        Log.LogMessage(MessageImportance.Normal, $"KubeAi: Aspire manifest written to {manifest} in {watch.ElapsedMilliseconds} ms");
        ManifestPath = manifest;
        return true;
    });
}
