using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>One test app under tests/apps: an Aspire app host with an API, a worker and the backing services of one integration family.</summary>
public sealed record TestApp(string Family, bool BuildImages)
{
    public string AppHost => $"{Family}.AppHost";

    /// <summary>KubeAi's application name for it: the app host name without <c>.AppHost</c>, lowercased.</summary>
    public string ApplicationName => Family.ToLowerInvariant();

    public override string ToString() => Family;
}

/// <summary>The test apps and private, restorable copies of them.</summary>
public static class TestApps
{
    /// <summary>Only the newcomer app builds and pushes real images; the others publish manifests only (KubeAiBuildImages=false).</summary>
    public static IReadOnlyList<TestApp> All { get; } =
    [
        new("Newcomer", BuildImages: true),
        new("PostgreSQL", BuildImages: false),
        new("Redis", BuildImages: false),
        new("RabbitMQ", BuildImages: false),
        new("Orleans", BuildImages: false),
        new("Containers", BuildImages: false),
    ];

    /// <summary>
    /// The apps this run publishes: all, or those named in <c>KUBEAI_TEST_APPS</c> (comma-separated
    /// families, e.g. <c>Redis,Newcomer</c>) to iterate on one family without publishing the rest.
    /// </summary>
    public static IReadOnlyList<TestApp> Selected { get; } = Select(Environment.GetEnvironmentVariable("KUBEAI_TEST_APPS"));

    public static TestApp Named(string family) => All.Single(a => a.Family == family);

    public static IEnumerable<object[]> Families => Selected.Select(a => new object[] { a.Family });

    public static IEnumerable<object[]> FamiliesAndPaths =>
        Selected.SelectMany(a => PublishPaths.All.Select(p => new object[] { a.Family, p }));

    private static IReadOnlyList<TestApp> Select(string? names) =>
        string.IsNullOrWhiteSpace(names)
            ? All
            : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Named).ToList();

    public static string Source => Path.Combine(RepoPaths.Root, "tests", "apps");

    /// <summary>
    /// Copies tests/apps/<paramref name="family"/> with the shared build files to a temp folder whose
    /// nuget.config points at the local feed and whose Directory.Build.props names the packed version.
    /// </summary>
    public static string Copy(string family)
    {
        var target = RepoPaths.NewTempDirectory($"kubeai-app-{family.ToLowerInvariant()}");
        foreach (var shared in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "nuget.config" })
        {
            File.Copy(Path.Combine(Source, shared), Path.Combine(target, shared));
        }

        var source = Path.Combine(Source, family);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".kubeai"))
            {
                continue;
            }

            var destination = Path.Combine(target, family, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var config = Path.Combine(target, "nuget.config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("../../artifacts/feed", LocalFeed.Directory, StringComparison.Ordinal));
        var props = Path.Combine(target, "Directory.Build.props");
        File.WriteAllText(props, File.ReadAllText(props).Replace(">0.1.0-*</KubeAiPackageVersion>", $">{LocalFeed.PackageVersion}</KubeAiPackageVersion>", StringComparison.Ordinal));
        return Path.Combine(target, family);
    }
}

/// <summary>The two ways a user gets a tree from an app host.</summary>
public static class PublishPaths
{
    /// <summary><c>dotnet publish</c> of the app host with KubeAi.Build + KubeAi.Hosting.</summary>
    public const string Msbuild = "dotnet-publish";

    /// <summary><c>kubeai generate</c> (the packed tool) over the manifest of <c>--publisher manifest</c>.</summary>
    public const string Cli = "kubeai-generate";

    public static IReadOnlyList<string> All { get; } = [Msbuild, Cli];
}
