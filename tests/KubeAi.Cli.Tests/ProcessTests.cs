using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary>The built kubeai as a real process: exit codes, streams, no stack traces.</summary>
public sealed class ProcessTests
{
    [Fact]
    public void Generate_exits_0_and_prints_a_summary()
    {
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.AsProcess(["generate", "-m", RepoPaths.Manifest("shop"), "-o", output, "--tag", "1.0.0"]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("KubeAi: ", run.StdOut);
        Assert.Contains("for 'shop'", run.StdOut);
        Assert.True(File.Exists(Path.Combine(output, "base", "kustomization.yaml")));
    }

    [Fact]
    public void Invalid_json_exits_1_with_one_line_and_no_stack_trace()
    {
        var manifest = CliHarness.WriteManifest("{ \"resources\": ");

        CliHarness.AssertOneCodedError(CliHarness.AsProcess(["generate", "-m", manifest, "-o", RepoPaths.NewTempDirectory()]), ErrorCodes.ManifestInvalidJson);
    }

    [Fact]
    public void A_missing_required_option_exits_1_with_one_line()
    {
        var line = CliHarness.AssertOneCodedError(CliHarness.AsProcess(["generate", "-o", RepoPaths.NewTempDirectory()]), ErrorCodes.InvalidOption);

        Assert.Contains("--manifest", line);
    }

    [Fact]
    public void A_second_process_run_is_byte_identical()
    {
        var output = RepoPaths.NewTempDirectory();
        string[] args = ["generate", "-m", RepoPaths.Manifest("shop"), "-o", output, "--tag", "1.0.0"];
        Assert.Equal(0, CliHarness.AsProcess(args).ExitCode);
        var first = CliHarness.Tree(output);

        var second = CliHarness.AsProcess(args);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("(0 written, ", second.StdOut);
        CliHarness.AssertSameTree(first, CliHarness.Tree(output));
    }

    [Fact]
    public void Parameter_environment_variables_never_reach_the_output()
    {
        const string secret = "kubeai-must-never-write-this-0xC0FFEE";
        var manifest = CliHarness.WriteManifest("""
            {
              "resources": {
                "pw": { "type": "parameter.v0", "value": "{pw.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
                "gen": { "type": "parameter.v0", "value": "{gen.inputs.value}", "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 22 } } } } },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "PW": "{pw.value}", "URL": "x://u:{gen.value}@h" } }
              }
            }
            """);
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.AsProcess(
            ["generate", "-m", manifest, "-o", output, "--app-name", "demo"],
            new Dictionary<string, string?> { ["Parameters__pw"] = secret, ["Parameters__gen"] = secret });

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.DoesNotContain(secret, run.StdOut + run.StdErr);
        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file));
        }
    }

    [Fact]
    public void A_non_secret_parameter_can_come_from_the_environment_as_the_message_says()
    {
        var manifest = CliHarness.WriteManifest("""
            {
              "resources": {
                "tenant": { "type": "parameter.v0", "value": "{tenant.inputs.value}", "inputs": { "value": { "type": "string" } } },
                "web": { "type": "container.v0", "image": "nginx:1", "env": { "TENANT": "{tenant.value}" } }
              }
            }
            """);
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.AsProcess(["generate", "-m", manifest, "-o", output, "--app-name", "demo"], new Dictionary<string, string?> { ["Parameters__tenant"] = "contoso" });

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("TENANT: contoso", File.ReadAllText(Path.Combine(output, "base", "web", "configmap.yaml")));
    }
}
