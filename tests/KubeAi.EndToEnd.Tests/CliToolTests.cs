using KubeAi.TestSupport;

namespace KubeAi.EndToEnd.Tests;

/// <summary>The `kubeai` tool as users get it: installed from the local feed with `dotnet tool install`.</summary>
public sealed class CliToolTests
{
    [Fact]
    public void The_tool_installs_from_the_local_feed_and_generates_a_valid_60_plus_resource_app()
    {
        var tools = RepoPaths.NewTempDirectory("kubeai-tool");
        var install = ProcessRunner.Run(
            ProcessRunner.Which("dotnet") ?? "dotnet",
            ["tool", "install", "--tool-path", tools, "KubeAi.Cli", "--add-source", SampleWorkspace.Feed, "--version", SampleWorkspace.PackageVersion],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.Output);

        var kubeai = Path.Combine(tools, "kubeai");
        var output = RepoPaths.NewTempDirectory("kubeai-tool-out");
        var generate = ProcessRunner.Run(kubeai, ["generate", "--manifest", RepoPaths.Manifest("large"), "--output", output, "--tag", "1.0.0"]);
        Assert.True(generate.ExitCode == 0, generate.Output);
        Assert.Contains("45 workload(s)", generate.StdOut);

        var validate = ProcessRunner.Run(kubeai, ["validate", output]);
        Assert.True(validate.ExitCode == 0, validate.Output);

        var bad = ProcessRunner.Run(kubeai, ["generate", "--manifest", RepoPaths.Manifest("misc"), "--output", output]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Matches(@"^KUBEAI\d{4}: ", bad.StdErr);
        Assert.DoesNotContain("   at ", bad.StdErr);
    }
}
