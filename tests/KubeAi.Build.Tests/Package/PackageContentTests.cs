using System.IO.Compression;
using System.Xml.Linq;
using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Package;

/// <summary>Packs KubeAi.Build once (fresh version, temp output) for the package-content tests.</summary>
public sealed class LocalFeedBuild : IDisposable
{
    private readonly TempDirectory _output = new("kubeai-pack-test");

    public LocalFeedBuild()
    {
        Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        Result = DotnetCli.Run(
            ["pack", Path.Combine(RepoPaths.Root, "src", "KubeAi.Build", "KubeAi.Build.csproj"), "-c", "Release", "-o", _output.Path, $"-p:Version={Version}", "-nologo", "-nodeReuse:false"],
            RepoPaths.Root,
            TimeSpan.FromMinutes(5));
        PackagePath = Path.Combine(_output.Path, $"KubeAi.Build.{Version}.nupkg");
    }

    public string Version { get; }

    public ProcessResult Result { get; }

    public string PackagePath { get; }

    public void Dispose() => _output.Dispose();
}

public sealed class PackageContentTests(LocalFeedBuild pack) : IClassFixture<LocalFeedBuild>
{
    /// <summary>The zip's OPC plumbing that NuGet adds to every package.</summary>
    private static bool IsPackagingPart(string entry) =>
        entry == "[Content_Types].xml" || entry.StartsWith("_rels/", StringComparison.Ordinal) || entry.StartsWith("package/", StringComparison.Ordinal);

    private ZipArchive Open()
    {
        Assert.True(pack.Result.ExitCode == 0, "dotnet pack failed:\n" + string.Join('\n', pack.Result.Output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct()));
        Assert.True(File.Exists(pack.PackagePath), $"{pack.PackagePath} was not written:\n{pack.Result.Output}");
        return ZipFile.OpenRead(pack.PackagePath);
    }

    [Fact]
    public void The_package_holds_exactly_the_props_targets_and_task_folder()
    {
        using var zip = Open();

        var entries = zip.Entries.Select(e => e.FullName).Where(e => !IsPackagingPart(e)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            new[]
            {
                "KubeAi.Build.nuspec",
                "build/KubeAi.Build.Image.targets",
                "build/KubeAi.Build.props",
                "build/KubeAi.Build.targets",
                "tasks/net10.0/Cronos.dll",
                "tasks/net10.0/Fractions.dll",
                "tasks/net10.0/KubeAi.Build.deps.json",
                "tasks/net10.0/KubeAi.Build.dll",
                "tasks/net10.0/KubeAi.Core.dll",
                "tasks/net10.0/KubernetesClient.dll",
                "tasks/net10.0/YamlDotNet.dll",
            }.Order(StringComparer.Ordinal),
            entries);
    }

    [Fact]
    public void No_MSBuild_assembly_and_no_lib_folder_is_shipped()
    {
        using var zip = Open();

        Assert.DoesNotContain(zip.Entries, e => Path.GetFileName(e.FullName).StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("ref/", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_nuspec_is_a_development_dependency_without_dependencies()
    {
        using var zip = Open();
        using var stream = zip.GetEntry("KubeAi.Build.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("KubeAi.Build", metadata.Element(ns + "id")?.Value);
        Assert.Equal(pack.Version, metadata.Element(ns + "version")?.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.Empty(metadata.Descendants(ns + "dependency"));
        Assert.Empty(metadata.Descendants(ns + "frameworkReference"));
    }

    [Fact]
    public void The_packed_props_and_targets_are_the_source_files()
    {
        using var zip = Open();

        foreach (var file in new[] { "KubeAi.Build.props", "KubeAi.Build.targets", "KubeAi.Build.Image.targets" })
        {
            using var reader = new StreamReader(zip.GetEntry($"build/{file}")!.Open());
            Assert.Equal(File.ReadAllText(Path.Combine(DotnetCli.BuildFolder, file)), reader.ReadToEnd());
        }
    }

    [Fact]
    public void The_task_deps_json_resolves_every_shipped_dependency()
    {
        using var zip = Open();
        using var reader = new StreamReader(zip.GetEntry("tasks/net10.0/KubeAi.Build.deps.json")!.Open());
        var deps = reader.ReadToEnd();

        foreach (var assembly in new[] { "KubeAi.Core.dll", "KubernetesClient.dll", "YamlDotNet.dll", "Fractions.dll", "Cronos.dll" })
        {
            Assert.Contains(assembly, deps);
        }

        Assert.DoesNotContain("Microsoft.Build.Framework.dll", deps);
        Assert.DoesNotContain("Microsoft.Build.Utilities.Core.dll", deps);
    }
}
