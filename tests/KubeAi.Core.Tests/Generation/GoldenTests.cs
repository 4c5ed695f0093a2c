using KubeAi.Core;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Generation;

public sealed class GoldenTests
{
    public static TheoryData<string> Cases => new(GoldenCases.All.Select(c => c.Name));

    private static GoldenCase Get(string name) => GoldenCases.All.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_the_golden_files(string name)
    {
        var golden = Get(name);
        var output = RepoPaths.NewTempDirectory();
        KubeAiGenerator.GenerateFromFile(golden.Manifest, output, golden.Options);

        var differences = GoldenFiles.Compare(output, Path.Combine(RepoPaths.Golden, name));

        Assert.Empty(differences);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_second_run_is_byte_identical_and_touches_no_file(string name)
    {
        var golden = Get(name);
        var output = RepoPaths.NewTempDirectory();
        KubeAiGenerator.GenerateFromFile(golden.Manifest, output, golden.Options);
        var before = Snapshot(output);

        var second = KubeAiGenerator.GenerateFromFile(golden.Manifest, output, golden.Options);

        Assert.Equal(0, second.Write.Written);
        Assert.Equal(0, second.Write.Deleted);
        Assert.Equal(before, Snapshot(output));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_renders_with_kubectl_kustomize(string name)
    {
        var golden = Get(name);
        var output = RepoPaths.NewTempDirectory();
        var result = KubeAiGenerator.GenerateFromFile(golden.Manifest, output, golden.Options);

        var rendered = Kustomize.Render(Path.Combine(output, "base"));

        var expectedObjects = result.Application.Resources.Sum(r => r.Objects.Count) + result.Application.SecretObjects.Count + (result.Application.EnvFileSecretKeys.Count > 0 ? 1 : 0);
        Assert.Equal(expectedObjects, rendered.Split('\n').Count(l => l.StartsWith("kind: ", StringComparison.Ordinal)));
    }

    private static SortedDictionary<string, (string Content, DateTime Written)> Snapshot(string directory) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(directory, f),
            f => (File.ReadAllText(f), File.GetLastWriteTimeUtc(f))),
        StringComparer.Ordinal);
}
