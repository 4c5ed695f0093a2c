using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>
/// The third way users publish: the app host's own step (what <c>aspire publish</c> runs), with no
/// KubeAi.Build around it. It must write a valid, faithful tree and print no stack trace.
/// </summary>
[Collection(TestAppCollection.Name)]
public sealed class AppHostStepTests(TestAppMatrix matrix)
{
    public static IEnumerable<object[]> Families => TestApps.Families;

    [Theory]
    [MemberData(nameof(Families))]
    public void The_app_host_publish_step_writes_a_valid_faithful_tree_without_stack_traces(string family)
    {
        var app = matrix[family];
        Assert.True(File.Exists(app.AppHostAssembly), app.Describe());
        var output = Path.Combine(app.Directory, "out-step");

        var step = ProcessRunner.Run(
            ProcessRunner.Which("dotnet") ?? "dotnet",
            [app.AppHostAssembly, "--operation", "publish", "--step", "kubeai-kubernetes", "--output-path", output],
            workingDirectory: app.AppHostDirectory,
            environment: new Dictionary<string, string?> { ["ASPIRE_INTERACTIVITY_ENABLED"] = "false" },
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(step.ExitCode == 0, step.Output);
        Assert.Empty(StackTraces.Find(step.Output));
        Assert.Empty(SchemaValidator.Default.ValidateDirectory(output).Violations.Select(v => v.ToString()));
        Assert.Empty(WorkloadLinter.LintDirectory(output).Select(f => f.ToString()));
        Assert.Empty(FidelityChecker.Check(app.ManifestPath, Kustomize.RenderCopy(output)));
    }
}
