using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary>What one CLI run printed and returned.</summary>
public sealed record CliRun(int ExitCode, string StdOut, string StdErr)
{
    public IReadOnlyList<string> ErrorLines => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs kubeai in-process (CliApplication.Run) or as a real process (dotnet kubeai.dll).</summary>
internal static class CliHarness
{
    public const string ShopManifest = "shop";

    public static CliRun InProcess(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The built kubeai.dll: beside the test assembly, or in the artifacts folder.</summary>
    public static string KubeAiDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "kubeai.dll");
            if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "kubeai.runtimeconfig.json")))
            {
                return beside;
            }

            var artifacts = Path.Combine(RepoPaths.Root, "artifacts", "bin", "KubeAi.Cli");
            return new[] { "debug", "release" }
                .Select(c => Path.Combine(artifacts, c, "kubeai.dll"))
                .Where(File.Exists)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
                ?? throw new InvalidOperationException($"kubeai.dll not found beside {AppContext.BaseDirectory} or under {artifacts}");
        }
    }

    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : ProcessRunner.Which("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");

    public static CliRun AsProcess(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var result = ProcessRunner.Run(Dotnet, new[] { KubeAiDll }.Concat(args), environment: environment, timeout: TimeSpan.FromMinutes(2));
        return new CliRun(result.ExitCode, result.StdOut, result.StdErr);
    }

    /// <summary>Writes <paramref name="json"/> as aspire-manifest.json in a fresh folder; returns its path.</summary>
    public static string WriteManifest(string json)
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory("kubeai-cli"), "aspire-manifest.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static SortedDictionary<string, byte[]> Tree(string directory) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllBytes),
        StringComparer.Ordinal);

    public static void AssertSameTree(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys)
        {
            Assert.True(expected[key].AsSpan().SequenceEqual(actual[key]), $"{key} differs");
        }
    }

    /// <summary>A failed run: exit 1, exactly one coded line on stderr, no stack trace, nothing on stdout.</summary>
    public static string AssertOneCodedError(CliRun run, string code)
    {
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}; stderr: {run.StdErr}");
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(@"^KUBEAI\d{4}: ", line);
        Assert.StartsWith(code + ": ", line);
        Assert.DoesNotContain("   at ", run.StdErr);
        Assert.DoesNotContain("Exception", run.StdErr);
        Assert.Equal(string.Empty, run.StdOut);
        return line;
    }
}
