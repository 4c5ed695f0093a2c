namespace KubeAi.TestSupport;

/// <summary>
/// The KubeAi packages under test, packed once per test run into artifacts/feed with a fresh version
/// (so no package cached by NuGet can stand in for the code under test). build/test.sh packs once
/// for all test projects and passes the version in <c>KUBEAI_PACKAGE_VERSION</c>; a test project run
/// on its own packs for itself.
/// </summary>
public static class PackedKubeAi
{
    /// <summary>Names the version build/test.sh already packed.</summary>
    public const string VersionVariable = "KUBEAI_PACKAGE_VERSION";

    private static readonly Lazy<string> s_version = new(PackOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Version => s_version.Value;

    public static string Feed => Path.Combine(RepoPaths.Root, "artifacts", "feed");

    private static string PackOnce()
    {
        var given = Environment.GetEnvironmentVariable(VersionVariable);
        if (!string.IsNullOrEmpty(given) && File.Exists(Path.Combine(Feed, $"KubeAi.Build.{given}.nupkg")))
        {
            return given;
        }

        // The same scheme as build/pack.sh, so the newest pack is always the highest version.
        var version = $"0.1.0-dev.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
        var result = ProcessRunner.Run(
            "bash",
            [Path.Combine(RepoPaths.Root, "build", "pack.sh")],
            environment: new Dictionary<string, string?> { ["KUBEAI_VERSION"] = version },
            timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"build/pack.sh failed: {result.Output}");
        }

        return version;
    }
}
