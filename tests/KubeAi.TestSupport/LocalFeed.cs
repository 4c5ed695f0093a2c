namespace KubeAi.TestSupport;

/// <summary>
/// KubeAi's packages in the local feed (artifacts/feed), packed once per test process with a fresh
/// version so no cached package can stand in for the code under test. build/test.sh packs once for
/// all test projects and passes that version in <c>KUBEAI_PACKAGE_VERSION</c>; a test project run on its own packs for itself.
/// </summary>
public static class LocalFeed
{
    /// <summary>The variable through which build/test.sh hands its pack to every test project.</summary>
    public const string VersionVariable = "KUBEAI_PACKAGE_VERSION";

    private static readonly Lazy<string> s_version = new(PackOrReuse, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory => Path.Combine(RepoPaths.Root, "artifacts", "feed");

    /// <summary>The version of KubeAi.Build, KubeAi.Hosting, KubeAi.Cli and KubeAi.Templates in <see cref="Directory"/>.</summary>
    public static string PackageVersion => s_version.Value;

    /// <summary>The path of one package of <see cref="PackageVersion"/>.</summary>
    public static string Package(string id) => Path.Combine(Directory, $"{id}.{PackageVersion}.nupkg");

    private static string PackOrReuse()
    {
        LocalRegistry.EnsureRunning();
        var given = Environment.GetEnvironmentVariable(VersionVariable);
        if (!string.IsNullOrWhiteSpace(given) && File.Exists(Path.Combine(Directory, $"KubeAi.Templates.{given}.nupkg")))
        {
            return given;
        }

        // The same scheme as build/pack.sh, so the newest pack is always the highest version.
        var version = $"0.1.0-dev.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
        var result = ProcessRunner.Run(
            "bash",
            [Path.Combine(RepoPaths.Root, "build", "pack.sh")],
            environment: new Dictionary<string, string?> { ["KUBEAI_VERSION"] = version },
            timeout: TimeSpan.FromMinutes(8));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"build/pack.sh failed: {result.Output}");
        }

        return version;
    }
}
