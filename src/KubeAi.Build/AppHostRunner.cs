using System.Diagnostics;
using System.Text;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Build;

/// <summary>The outcome of one app host run: its exit code and everything it printed.</summary>
internal sealed record AppHostRun(int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Aspire exits 0 even when a step fails: its <c>fail:</c>/<c>crit:</c> lines tell.</summary>
    public bool Failed => ExitCode != 0 || Output.Split('\n').Any(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
}

/// <summary>Runs a built Aspire app host in publish mode for one pipeline step, never interactively.</summary>
internal static class AppHostRunner
{
    public static AppHostRun Run(string? dotnetHost, string appHostAssembly, string workingDirectory, string step, string outputDirectory, int timeoutMilliseconds, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = dotnetHost is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromMsBuild ? fromMsBuild
            : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { appHostAssembly, "--operation", "publish", "--step", step, "--output-path", outputDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        // Never wait for a prompt: a missing value must fail, not hang the build.
        info.Environment["ASPIRE_INTERACTIVITY_ENABLED"] = "false";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new KubeAiException(ErrorCodes.AppHostFailed, $"could not start '{host}' to run the app host: {ex.Message}", appHostAssembly);
        }

        using var process = started ?? throw new KubeAiException(ErrorCodes.AppHostFailed, $"could not start '{host}' to run the app host", appHostAssembly);
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeoutMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new KubeAiException(ErrorCodes.AppHostTimedOut, $"the app host's '{step}' step did not finish within {timeoutMilliseconds / 1000} s and was stopped; output so far:\n{output}", appHostAssembly);
        }

        process.WaitForExit();
        return new AppHostRun(process.ExitCode, output.ToString(), watch.Elapsed);
    }
}
