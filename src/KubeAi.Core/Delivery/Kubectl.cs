using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Delivery;

/// <summary>What one kubectl run printed and how it ended.</summary>
public sealed record KubectlResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs a kubectl command; the seam that lets command construction be tested without a cluster.</summary>
public interface IKubectlRunner
{
    /// <param name="arguments">The arguments after <c>kubectl</c>.</param>
    /// <param name="stdin">Text written to kubectl's standard input (the rendered manifests), or null.</param>
    /// <param name="timeout">Wall-clock limit; the process tree is killed when it passes (KUBEAI5012).</param>
    /// <param name="environment">Extra environment variables (for example <c>KUBECTL_APPLYSET=true</c>).</param>
    KubectlResult Run(IReadOnlyList<string> arguments, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null);
}

/// <summary>
/// The real kubectl: the path given (<c>--kubectl</c>, <c>KubeAiKubectl</c>), else the first <c>kubectl</c> on
/// PATH; missing is KUBEAI5010. Every run has a wall-clock timeout after which the whole process tree is killed.
/// </summary>
public sealed class Kubectl : IKubectlRunner
{
    private Kubectl(string path) => Path = path;

    /// <summary>The kubectl binary that runs.</summary>
    public string Path { get; }

    /// <summary>Finds kubectl: <paramref name="explicitPath"/> when given (it must exist), else on PATH.</summary>
    public static Kubectl Find(string? explicitPath, Func<string, string?>? environment = null)
    {
        environment ??= System.Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath)
                ? new Kubectl(System.IO.Path.GetFullPath(explicitPath))
                : throw new KubeAiException(ErrorCodes.KubectlNotFound, $"kubectl was not found at '{ManifestTree.Escape(explicitPath)}'", "--kubectl");
        }

        foreach (var directory in (environment("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, OperatingSystem.IsWindows() ? "kubectl.exe" : "kubectl");
            if (File.Exists(candidate))
            {
                return new Kubectl(candidate);
            }
        }

        throw new KubeAiException(ErrorCodes.KubectlNotFound, "kubectl was not found on PATH; install it or pass --kubectl PATH", "kubectl");
    }

    public KubectlResult Run(IReadOnlyList<string> arguments, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = ExternalProcess.Run(
            Path,
            arguments,
            timeout,
            $"kubectl {Describe(arguments)}",
            origin: $"kubectl {Describe(arguments)}",
            stdin: stdin,
            environment: environment,
            timedOutCode: ErrorCodes.KubectlTimedOut,
            notStartedCode: ErrorCodes.KubectlNotFound);
        return new KubectlResult(result.ExitCode, result.StdOut, result.StdErr);
    }

    /// <summary>The first words of a command, for messages (never its input).</summary>
    public static string Describe(IReadOnlyList<string> arguments) => string.Join(' ', arguments.TakeWhile(a => !a.StartsWith('-')).Take(2));
}
