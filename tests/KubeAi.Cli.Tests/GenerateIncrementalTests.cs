using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary>
/// A rerun of <c>kubeai generate</c> with nothing changed writes nothing and does not generate; any changed input
/// or a touched output file makes it generate again. Judged by the output and the files, not by time.
/// </summary>
public sealed class GenerateIncrementalTests
{
    private const string Manifest = """
        {
          "resources": {
            "api": { "type": "project.v0", "path": "Api.csproj", "bindings": { "http": { "scheme": "http" } } }
          }
        }
        """;

    private static string[] Generate(string manifest, string output, params string[] more) =>
        ["generate", "--manifest", manifest, "--output", output, "--app-name", "demo", "--tag", "1.0.0", .. more];

    [Fact]
    public void A_rerun_with_nothing_changed_skips_generation_and_a_change_generates_again()
    {
        var manifest = CliHarness.WriteManifest(Manifest);
        var output = RepoPaths.NewTempDirectory();
        Assert.Equal(0, CliHarness.InProcess(Generate(manifest, output)).ExitCode);
        var first = CliHarness.Tree(output);
        var deployment = Directory.EnumerateFiles(output, "deployment.yaml", SearchOption.AllDirectories).Single();

        var same = CliHarness.InProcess(Generate(manifest, output));
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("generation skipped", same.StdOut);
        Assert.Contains("(0 written, ", same.StdOut);
        CliHarness.AssertSameTree(first, CliHarness.Tree(output));

        // --force generates (and finds every file unchanged).
        var forced = CliHarness.InProcess(Generate(manifest, output, "--force"));
        Assert.DoesNotContain("generation skipped", forced.StdOut);
        Assert.Contains("(0 written, ", forced.StdOut);

        // Another argument: generated again, with it.
        var other = CliHarness.InProcess(Generate(manifest, output, "--namespace", "prod"));
        Assert.DoesNotContain("generation skipped", other.StdOut);
        Assert.Contains("namespace: prod", File.ReadAllText(Path.Combine(output, "base", "kustomization.yaml")));

        // A generated file deleted by hand comes back, though no input changed.
        File.Delete(deployment);
        var repaired = CliHarness.InProcess(Generate(manifest, output, "--namespace", "prod"));
        Assert.DoesNotContain("generation skipped", repaired.StdOut);
        Assert.True(File.Exists(deployment));

        // A changed manifest: generated again.
        File.WriteAllText(manifest, Manifest.Replace("\"http\" }", "\"http\", \"targetPort\": 9090 }", StringComparison.Ordinal));
        var changed = CliHarness.InProcess(Generate(manifest, output, "--namespace", "prod"));
        Assert.DoesNotContain("generation skipped", changed.StdOut);
        Assert.Contains("9090", File.ReadAllText(deployment));
    }
}
