using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.EndToEnd.Tests;

/// <summary>
/// The TrainingStudio sample uses KubeAi.Hosting: `dotnet publish` (KubeAi.Build) and the app
/// host's own publish step must write the same tree, and the MSBuild path must hand its built
/// images to that step.
/// </summary>
public sealed class AspireParityTests
{
    private static string CopyStudio()
    {
        var directory = SampleWorkspace.Copy("TrainingStudio");
        SampleWorkspace.ReferenceKubeAiBuild(Path.Combine(directory, "TrainingStudio.AppHost", "TrainingStudio.AppHost.csproj"));
        return directory;
    }

    [Fact]
    public void Msbuild_publish_and_the_aspire_publish_step_write_byte_identical_trees()
    {
        var directory = CopyStudio();
        var viaMsbuild = Path.Combine(directory, "out-msbuild");
        var viaAspire = Path.Combine(directory, "out-aspire");

        var publish = SampleWorkspace.Publish(directory, "TrainingStudio.AppHost", "-p:KubeAiBuildImages=false", $"-p:KubeAiOutputPath={viaMsbuild}/");
        Assert.True(publish.ExitCode == 0, publish.Output);

        var appHost = Path.Combine(directory, "TrainingStudio.AppHost");
        var step = ProcessRunner.Run(
            ProcessRunner.Which("dotnet") ?? "dotnet",
            [Path.Combine(appHost, "bin", "Release", "net10.0", "TrainingStudio.AppHost.dll"), "--operation", "publish", "--step", "kubeai-kubernetes", "--output-path", viaAspire],
            workingDirectory: appHost,
            environment: new Dictionary<string, string?> { ["ASPIRE_INTERACTIVITY_ENABLED"] = "false" },
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(step.ExitCode == 0, step.Output);

        Assert.Empty(GoldenFiles.Difference(viaAspire, viaMsbuild));
        Assert.True(Directory.EnumerateFiles(viaMsbuild, "*.yaml", SearchOption.AllDirectories).Count() > 10);
    }

    [Fact]
    public void Msbuild_publish_builds_the_images_and_the_app_host_step_pins_them()
    {
        var directory = CopyStudio();
        var output = Path.Combine(directory, "k8s");

        var publish = SampleWorkspace.Publish(directory, "TrainingStudio.AppHost", $"-p:KubeAiOutputPath={output}/");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var pinned = SampleWorkspace.PinnedImages(output);
        Assert.Contains(pinned, i => i.StartsWith("localhost:5000/training-studio/inference-api:1.0.0@sha256:", StringComparison.Ordinal)
            || i.Contains("inference-api", StringComparison.Ordinal) && i.Contains("@sha256:", StringComparison.Ordinal));
        Assert.Contains(pinned, i => i.Contains("trainer", StringComparison.Ordinal) && i.Contains("@sha256:", StringComparison.Ordinal));
        var validation = SchemaValidator.Default.ValidateDirectory(output);
        Assert.Empty(validation.Violations);
        Assert.Empty(WorkloadLinter.LintDirectory(output));
        Kustomize.Render(Path.Combine(output, "base"));
    }
}
