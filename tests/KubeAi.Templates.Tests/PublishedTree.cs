using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Templates.Tests;

/// <summary>What every published solution must show: pinned images that are in the registry, strictly valid and lint-clean manifests.</summary>
public static class PublishedTree
{
    /// <summary>The pinned images (<c>image:</c> lines) of a generated tree.</summary>
    public static IReadOnlyList<string> Images(string kubernetesDirectory) =>
        System.IO.Directory.EnumerateFiles(kubernetesDirectory, "*.yaml", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("image: ", StringComparison.Ordinal) || l.StartsWith("- image: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("image: ", StringComparison.Ordinal) + "image: ".Length)..])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Asserts that each project image is <c>localhost:5000/PREFIX/RESOURCE:1.0.0@sha256:…</c> and the registry serves that digest under tag and digest.</summary>
    public static void AssertProjectImagesPushed(string kubernetesDirectory, string repositoryPrefix, params string[] resources)
    {
        var images = Images(kubernetesDirectory);
        foreach (var resource in resources)
        {
            var expected = $"{LocalRegistry.Address}/{repositoryPrefix}/{resource}:1.0.0@sha256:";
            var image = images.SingleOrDefault(i => i.StartsWith(expected, StringComparison.Ordinal));
            Assert.True(image is not null, $"no image {expected}… in [{string.Join(", ", images)}]");
            var digest = image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..];
            Assert.Equal(digest, LocalRegistry.Digest($"{repositoryPrefix}/{resource}", digest));
            Assert.Equal(digest, LocalRegistry.Digest($"{repositoryPrefix}/{resource}", "1.0.0"));
        }
    }

    /// <summary>Schema-valid (Kubernetes 1.35 and the CRDs, strict), lint-clean, and renderable by kustomize.</summary>
    public static string AssertValid(string kubernetesDirectory)
    {
        var report = SchemaValidator.Default.ValidateDirectory(kubernetesDirectory);
        Assert.Empty(report.Violations);
        Assert.Equal(
            System.IO.Directory.EnumerateFiles(kubernetesDirectory, "*.yaml", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) != "kustomization.yaml"),
            report.ObjectsChecked);
        Assert.Empty(WorkloadLinter.LintDirectory(kubernetesDirectory).Select(f => f.ToString()));
        return Kustomize.Render(Path.Combine(kubernetesDirectory, "base"));
    }
}
