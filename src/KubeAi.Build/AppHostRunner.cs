using System.Text;
using System.Text.RegularExpressions;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Build;

/// <summary>The outcome of one app host run: its exit code and everything it printed.</summary>
internal sealed record AppHostRun(int ExitCode, string Output, TimeSpan Elapsed)
{
    private static readonly Regex s_coded = new(@"KUBEAI\d{4}: .*", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Aspire exits 0 even when a step fails: its <c>fail:</c>/<c>crit:</c> lines tell.</summary>
    public bool Failed => ExitCode != 0 || Lines.Any(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));

    private IEnumerable<string> Lines => Output.Split('\n').Select(l => l.TrimEnd('\r'));

    /// <summary>
    /// The one error a failed run stands for, never a stack trace: the first KubeAi coded message anywhere in the
    /// output (Aspire wraps it in its own exception lines), else the app host's own first error message (an
    /// unhandled exception in the user's Program.cs, a failed step) as KUBEAI5001. The whole output goes to a log
    /// file that the message names.
    /// </summary>
    public KubeAiException ToError(string step, string appHostAssembly)
    {
        var log = InternalErrors.TryWriteLog($"kubeai-apphost-{step}", Output);
        var where = log is null ? string.Empty : $"; full output in {log}";
        foreach (var line in Lines)
        {
            var match = s_coded.Match(line);
            if (match.Success)
            {
                var text = match.Value;
                var at = text.LastIndexOf(" (at ", StringComparison.Ordinal);
                var origin = at > 0 && text.EndsWith(')') ? text[(at + 5)..^1] : null;
                var message = origin is null ? text[12..] : text[12..at];
                return new KubeAiException(text[..10], message, origin);
            }
        }

        return new KubeAiException(ErrorCodes.AppHostFailed, $"the app host's '{step}' step failed (exit code {ExitCode}): {Messages.OneLine(FirstError(), 300)}{where}", appHostAssembly);
    }

    private string FirstError()
    {
        var lines = Lines.ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("Unhandled exception. ", StringComparison.Ordinal))
            {
                return line["Unhandled exception. ".Length..];
            }

            // A logged failure: "fail: Category[0]" then the message on the next line(s).
            if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                var message = lines.Skip(i + 1).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal));
                if (message is not null)
                {
                    return message;
                }
            }
        }

        // No error line: the last few lines it printed say most.
        var last = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal)).TakeLast(3).ToList();
        return last.Count > 0 ? string.Join(" / ", last) : "it printed nothing";
    }
}

/// <summary>Runs a built Aspire app host in publish mode for one pipeline step, never interactively.</summary>
internal static class AppHostRunner
{
    public static AppHostRun Run(string? dotnetHost, string appHostAssembly, string workingDirectory, string step, string outputDirectory, int timeoutMilliseconds, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = dotnetHost is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromMsBuild ? fromMsBuild
            : "dotnet";
        // Never wait for a prompt: a missing value must fail, not hang the build.
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPIRE_INTERACTIVITY_ENABLED"] = "false",
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        ExternalProcessResult result;
        try
        {
            result = ExternalProcess.Run(
                host,
                [appHostAssembly, "--operation", "publish", "--step", step, "--output-path", outputDirectory],
                TimeSpan.FromMilliseconds(timeoutMilliseconds),
                $"the app host's '{step}' step",
                origin: appHostAssembly,
                environment: variables,
                workingDirectory: workingDirectory,
                timedOutCode: ErrorCodes.AppHostTimedOut,
                notStartedCode: ErrorCodes.AppHostFailed,
                timedOutHint: "(raise KubeAiAppHostTimeout if it is only slow)");
        }
        catch (KubeAiException ex) when (ex.Code == ErrorCodes.AppHostTimedOut)
        {
            var log = InternalErrors.TryWriteLog($"kubeai-apphost-{step}", $"{ex.Data["stdout"]}{ex.Data["stderr"]}");
            throw new KubeAiException(ex.Code, $"{ex.Message}{(log is null ? string.Empty : $"; output so far in {log}")}", ex.Origin);
        }
        catch (KubeAiException ex) when (ex.Code == ErrorCodes.AppHostFailed)
        {
            throw new KubeAiException(ex.Code, $"could not start '{host}' to run the app host: {ex.Message}", appHostAssembly);
        }

        return new AppHostRun(result.ExitCode, result.StdOut + result.StdErr, result.Elapsed);
    }
}
