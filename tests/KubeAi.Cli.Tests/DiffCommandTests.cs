using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary><c>kubeai diff OLD NEW</c>: exit 0 same, 1 different, 2 trouble; bounded on hostile input.</summary>
public sealed class DiffCommandTests
{
    private static readonly string s_manifest = File.ReadAllText(RepoPaths.Manifest("environments"));

    private static string Generate(string manifestJson, params string[] options)
    {
        var manifest = CliHarness.WriteManifest(manifestJson);
        var output = RepoPaths.NewTempDirectory("kubeai-diff");
        var run = CliHarness.InProcess(["generate", "--manifest", manifest, "--output", output, "--app-name", "shop", .. options]);
        Assert.True(run.ExitCode == 0, run.StdErr);
        return output;
    }

    [Fact]
    public void Two_generations_of_one_app_model_are_the_same()
    {
        var run = CliHarness.InProcess("diff", Generate(s_manifest), Generate(s_manifest));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("kubeai diff: no differences\n", run.StdOut.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_changed_replica_count_prints_exactly_that_change()
    {
        var old = Generate(s_manifest);
        var @new = Generate(s_manifest.Replace("\"deployment\": { \"kind\": \"Deployment\", \"replicas\": 2 }", "\"deployment\": { \"kind\": \"Deployment\", \"replicas\": 3 }", StringComparison.Ordinal));

        var run = CliHarness.InProcess("diff", old, @new);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            """
            ~ apps/v1 Deployment api (base/api/deployment.yaml)
                spec.replicas: 2 -> 3
            kubeai diff: 1 changed, 0 added, 0 removed

            """,
            run.StdOut.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.StdErr);
    }

    [Fact]
    public void Image_changes_are_listed_by_workload_and_container()
    {
        var old = Generate(s_manifest, "--image", "api=registry.example.com/shop/api:1.0.0@sha256:" + new string('a', 64));
        var @new = Generate(s_manifest, "--image", "api=registry.example.com/shop/api:1.0.1@sha256:" + new string('b', 64));

        var run = CliHarness.InProcess("diff", old, @new);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("    spec.template.spec.containers[name=api].image: registry.example.com/shop/api:1.0.0@sha256:aaaa", run.StdOut);
        Assert.Contains("images:\n    Deployment api containers[name=api]: registry.example.com/shop/api:1.0.0@sha256:" + new string('a', 64) + " -> registry.example.com/shop/api:1.0.1@sha256:" + new string('b', 64) + "\n", run.StdOut.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Added_and_removed_objects_and_overlay_changes_are_reported()
    {
        var old = Generate(s_manifest);
        var @new = Generate(s_manifest
            .Replace("\"replicas\": 4,", "\"replicas\": 5,", StringComparison.Ordinal)
            .Replace("\"cache\": {", "\"cache2\": {", StringComparison.Ordinal)
            .Replace("{cache.bindings", "{cache2.bindings", StringComparison.Ordinal));

        var run = CliHarness.InProcess("diff", old, @new);
        var output = run.StdOut.ReplaceLineEndings("\n");

        Assert.Equal(1, run.ExitCode);
        // Redis is a backing service: a StatefulSet (docs/backing-services.md).
        Assert.Contains("+ apps/v1 StatefulSet cache2 (base/cache2/statefulset.yaml)\n", output);
        Assert.Contains("- apps/v1 StatefulSet cache (base/cache/statefulset.yaml)\n", output);
        Assert.Contains("~ overlays/prod/kustomization.yaml\n    replicas[name=api].count: 4 -> 5\n", output);
    }

    [Fact]
    public void Secret_data_is_shown_only_as_changed()
    {
        var (old, @new) = (RepoPaths.NewTempDirectory("kubeai-diff"), RepoPaths.NewTempDirectory("kubeai-diff"));
        File.WriteAllText(Path.Combine(old, "secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n");
        File.WriteAllText(Path.Combine(@new, "secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: correct-horse\n");
        File.WriteAllText(Path.Combine(@new, "secrets.env"), "password=battery-staple\n");

        var run = CliHarness.InProcess("diff", old, @new);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stringData.password: (secret value) -> (secret value)", run.StdOut);
        Assert.DoesNotContain("hunter2", run.StdOut);
        Assert.DoesNotContain("correct-horse", run.StdOut);
        Assert.DoesNotContain("battery", run.StdOut);
    }

    [Theory]
    [InlineData("a: &x [1]\nb: *x\n", ErrorCodes.DiffInputInvalid, "anchors and aliases are not allowed")]
    [InlineData("a: [unclosed\n", ErrorCodes.DiffInputInvalid, "cannot read bad.yaml")]
    [InlineData("DEEP", ErrorCodes.DiffInputTooLarge, "nested more than 64 levels")]
    [InlineData("WIDE", ErrorCodes.DiffInputTooLarge, "more than 100000 nodes")]
    [InlineData("BIG", ErrorCodes.DiffInputTooLarge, "more than the 8 MiB")]
    public void Hostile_input_is_trouble_with_one_coded_line(string content, string code, string message)
    {
        var (old, @new) = (RepoPaths.NewTempDirectory("kubeai-diff"), RepoPaths.NewTempDirectory("kubeai-diff"));
        var text = content switch
        {
            "DEEP" => new string('[', 5000) + new string(']', 5000) + "\n",
            "WIDE" => "[" + string.Join(",", Enumerable.Repeat("1", 150_000)) + "]\n",
            "BIG" => "# " + new string('x', 9 * 1024 * 1024) + "\n",
            _ => content,
        };
        File.WriteAllText(Path.Combine(@new, "bad.yaml"), text);

        var run = CliHarness.InProcess("diff", old, @new);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith(code + ": ", line);
        Assert.Contains(message, line);
        Assert.Equal(string.Empty, run.StdOut);
    }

    [Fact]
    public void A_missing_folder_or_argument_is_trouble()
    {
        var missing = CliHarness.InProcess("diff", RepoPaths.NewTempDirectory("kubeai-diff"), "/nonexistent/kubeai-tree");
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith(ErrorCodes.TreeNotFound + ": ", Assert.Single(missing.ErrorLines));

        var usage = CliHarness.InProcess("diff", RepoPaths.NewTempDirectory("kubeai-diff"));
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith(ErrorCodes.InvalidOption + ": ", usage.ErrorLines[0]);
    }

    [Fact]
    public void The_real_process_exits_1_on_differences()
    {
        var old = Generate(s_manifest);
        var @new = Generate(s_manifest.Replace("\"replicas\": 2 }", "\"replicas\": 3 }", StringComparison.Ordinal));

        var run = CliHarness.AsProcess(["diff", old, @new]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("spec.replicas: 2 -> 3", run.StdOut);
    }
}
