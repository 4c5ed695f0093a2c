using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

public sealed class ValidateCommandTests
{
    private static string GenerateShop()
    {
        var output = RepoPaths.NewTempDirectory();
        var run = CliHarness.InProcess("generate", "-m", RepoPaths.Manifest("shop"), "-o", output, "--tag", "1.0.0");
        Assert.True(run.ExitCode == 0, run.StdErr);
        return output;
    }

    [Fact]
    public void Validate_on_a_generated_tree_exits_0()
    {
        var output = GenerateShop();

        var run = CliHarness.InProcess("validate", output);

        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        Assert.DoesNotContain("KUBEAI", run.StdErr);
    }

    [Fact]
    public void Validate_as_a_process_on_a_generated_tree_exits_0()
    {
        var output = GenerateShop();

        var run = CliHarness.AsProcess(["validate", output]);

        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
    }

    [Fact]
    public void Validate_on_a_missing_folder_exits_1_with_KUBEAI3005()
    {
        var missing = Path.Combine(RepoPaths.NewTempDirectory(), "nope");

        CliHarness.AssertOneCodedError(CliHarness.InProcess("validate", missing), ErrorCodes.ValidateInputNotFound);
    }

    [Fact]
    public void Validate_reports_a_schema_violation_with_exit_1()
    {
        var output = GenerateShop();
        var deployment = Directory.EnumerateFiles(Path.Combine(output, "base"), "deployment.yaml", SearchOption.AllDirectories).First();
        File.WriteAllText(deployment, File.ReadAllText(deployment).Replace("replicas: 1", "replicas: one", StringComparison.Ordinal).Replace("\nspec:\n", "\nspec:\n  notAField: true\n", StringComparison.Ordinal));

        var run = CliHarness.InProcess("validate", output);

        Assert.Equal(1, run.ExitCode);
        Assert.NotEmpty(run.ErrorLines);
        Assert.All(run.ErrorLines, l => Assert.StartsWith($"{ErrorCodes.SchemaViolation}: ", l));
        Assert.Contains(run.ErrorLines, l => l.Contains("notAField", StringComparison.Ordinal) && l.Contains("deployment.yaml", StringComparison.Ordinal));
        Assert.Contains(run.ErrorLines, l => l.Contains("replicas", StringComparison.Ordinal));
        Assert.Contains("violation(s)", run.StdOut);
        Assert.DoesNotContain("   at ", run.StdErr);
    }

    public static TheoryData<string> GoldenNames => new(GoldenCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Validate_accepts_every_generated_golden_tree(string name)
    {
        var golden = GoldenCases.All.Single(c => c.Name == name);
        var output = RepoPaths.NewTempDirectory();
        Core.KubeAiGenerator.GenerateFromFile(golden.Manifest, output, golden.Options);

        var run = CliHarness.InProcess("validate", output);

        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        Assert.Contains(": valid", run.StdOut);
    }
}
