using System.Text.RegularExpressions;
using KubeAi.TestSupport;

namespace KubeAi.EndToEnd.Tests;

/// <summary>
/// Packs KubeAi once per test run (a fresh version, so no cached package can stand in for the
/// code under test) and hands out private copies of a sample that restore it from the local feed.
/// </summary>
public sealed partial class SampleWorkspace
{
    /// <summary>The KubeAi version under test: packed once per test run (see <see cref="PackedKubeAi"/>).</summary>
    public static string PackageVersion
    {
        get
        {
            LocalRegistry.EnsureRunning();
            return PackedKubeAi.Version;
        }
    }

    public static string Feed => PackedKubeAi.Feed;

    /// <summary>Copies samples/<paramref name="sample"/> (without bin/obj) to a temp folder, wired to the local feed.</summary>
    public static string Copy(string sample)
    {
        var source = Path.Combine(RepoPaths.Root, "samples", sample);
        var target = RepoPaths.NewTempDirectory("kubeai-e2e");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var config = Path.Combine(target, "nuget.config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("../../artifacts/feed", Feed, StringComparison.Ordinal));
        foreach (var project in Directory.EnumerateFiles(target, "*.csproj", SearchOption.AllDirectories))
        {
            // The copy lives elsewhere: references into the repository's src/ become absolute.
            var text = File.ReadAllText(project).Replace(@"..\..\..\src\", Path.Combine(RepoPaths.Root, "src") + "/", StringComparison.Ordinal);
            File.WriteAllText(project, KubeAiVersion().Replace(text, m => $"Include=\"{m.Groups[1].Value}\" Version=\"{PackageVersion}\""));
        }

        foreach (var props in Directory.EnumerateFiles(target, "Directory.Build.props", SearchOption.AllDirectories))
        {
            File.WriteAllText(props, File.ReadAllText(props).Replace(">0.1.0-*</KubeAiPackageVersion>", $">{PackageVersion}</KubeAiPackageVersion>", StringComparison.Ordinal));
        }

        return target;
    }

    /// <summary>Adds a reference to the packed KubeAi.Build to a project of a copied sample.</summary>
    public static void ReferenceKubeAiBuild(string project) =>
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</Project>",
            $"  <ItemGroup><PackageReference Include=\"KubeAi.Build\" Version=\"{PackageVersion}\" /></ItemGroup>\n</Project>",
            StringComparison.Ordinal));

    /// <summary><c>dotnet publish</c> of a project in a copied sample, as a user runs it.</summary>
    public static ProcessResult Publish(string directory, string project, params string[] properties)
    {
        var dotnet = ProcessRunner.Which("dotnet") ?? "dotnet";
        return ProcessRunner.Run(
            dotnet,
            ["publish", project, "-c", "Release", "-nodeReuse:false", .. properties],
            workingDirectory: directory,
            environment: new Dictionary<string, string?> { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["MSBUILDDISABLENODEREUSE"] = "1" },
            timeout: TimeSpan.FromMinutes(8));
    }

    /// <summary>The pinned images (<c>image:</c> lines) of a generated tree.</summary>
    public static IReadOnlyList<string> PinnedImages(string kubernetesDirectory) =>
        Directory.EnumerateFiles(kubernetesDirectory, "*.yaml", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("image: ", StringComparison.Ordinal))
            .Select(l => l["image: ".Length..])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex("Include=\"(KubeAi\\.(?:Build|Hosting))\" Version=\"[^\"]*\"")]
    private static partial Regex KubeAiVersion();
}
