using System.Text;
using KubeAi.Core.AppModel;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary>
/// <c>kubeai generate</c> as a real process on inputs built to hang or crash it: success, or exit 1 with one
/// <c>KUBEAI</c> line and no stack trace. Nothing here is timed (the test run's timeout catches a hang).
/// </summary>
public sealed class HostileInputCommandTests
{
    private static CliRun Generate(string manifest) =>
        CliHarness.AsProcess(["generate", "-m", manifest, "-o", RepoPaths.NewTempDirectory("kubeai-cli-hostile"), "--app-name", "demo"]);

    private static void OneCodedLine(CliRun run, string code)
    {
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.StdErr}");
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith(code + ": ", line, StringComparison.Ordinal);
        Assert.True(line.Length < 700, $"{line.Length} characters");
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_manifest_is_refused_not_waited_on()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(RepoPaths.NewTempDirectory("kubeai-cli-fifo"), "aspire-manifest.json");
        Assert.Equal(0, ProcessRunner.Run("mkfifo", [path], timeout: TimeSpan.FromMinutes(1)).ExitCode);

        OneCodedLine(Generate(path), "KUBEAI1061");
    }

    [Fact]
    public void A_manifest_over_the_size_limit_is_refused()
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory("kubeai-cli-big"), "aspire-manifest.json");
        using (var file = File.Create(path))
        {
            file.SetLength(InputFiles.MaxInputBytes + 1);
        }

        OneCodedLine(Generate(path), "KUBEAI1060");
    }

    [Fact]
    public void Deep_nesting_and_a_lone_surrogate_are_one_coded_line()
    {
        OneCodedLine(Generate(CliHarness.WriteManifest("{\"resources\":" + new string('[', 100_000) + new string(']', 100_000) + "}")), "KUBEAI1062");
        OneCodedLine(Generate(CliHarness.WriteManifest("""{"resources":{"api":{"type":"container.v0","image":"nginx:1","env":{"X":"a\ud800b"}}}}""")), "KUBEAI1063");
    }

    [Fact]
    public void A_twenty_thousand_long_reference_chain_generates()
    {
        var json = new StringBuilder("""{"resources":{"api":{"type":"container.v0","image":"nginx:1.27","env":{"X":"{p0.value}"}}""");
        for (var i = 0; i < 20_000; i++)
        {
            json.Append($$""","p{{i}}":{"type":"value.v0","value":"{{(i < 19_999 ? $"{{p{i + 1}.value}}" : "end")}}"}""");
        }

        json.Append("}}");
        var run = Generate(CliHarness.WriteManifest(json.ToString()));

        Assert.True(run.ExitCode == 0, run.StdErr);
    }

    [Fact]
    public void A_value_with_a_newline_in_a_parse_error_stays_one_line()
    {
        var run = CliHarness.InProcess("generate", "-m", "x", "-o", "y", "--no-such-option\nsecond line");

        Assert.Equal(1, run.ExitCode);
        Assert.All(run.ErrorLines, l => Assert.StartsWith("KUBEAI", l, StringComparison.Ordinal));
    }
}
