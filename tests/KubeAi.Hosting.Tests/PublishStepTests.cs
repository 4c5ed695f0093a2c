using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Hosting.Tests;

/// <summary>
/// The <c>kubeai-kubernetes</c> step as users and KubeAi.Build run it: the sample app host's dll, as a process,
/// with <c>--operation publish --step kubeai-kubernetes --output-path DIR</c>.
/// </summary>
public sealed class PublishStepTests
{
    private static string AppHostDirectory => Path.Combine(AppModelHarness.SampleDirectory, "TrainingStudio.AppHost");

    private static string AppHostDll
    {
        get
        {
            // The test project references the app host, so it was built with the same configuration.
            var configuration = AppContext.BaseDirectory.Contains("/release/", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";
            var dll = Path.Combine(AppHostDirectory, "bin", configuration, "net10.0", "TrainingStudio.AppHost.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the tests first");
        }
    }

    private static ProcessResult Publish(string output, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["ASPIRE_INTERACTIVITY_ENABLED"] = "false",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["KUBEAI_OPTIONS_FILE"] = null,
            ["KUBEAI_IMAGES_FILE"] = null,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        return ProcessRunner.Run("dotnet", [AppHostDll, "--operation", "publish", "--step", "kubeai-kubernetes", "--output-path", output], workingDirectory ?? AppHostDirectory, env, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void The_published_tree_matches_the_golden_files_and_carries_every_setting()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-golden");
        var result = Publish(output);
        Assert.True(result.ExitCode == 0, result.Output);

        Assert.Empty(GoldenFiles.Compare(output, Path.Combine(RepoPaths.Golden, "training-studio")));

        // Each extension of the sample's app host, as the cluster will see it.
        string Read(string file) => File.ReadAllText(Path.Combine(output, "base", file));
        Assert.Contains("minReplicas: 2", Read("inference-api/horizontalpodautoscaler.yaml"));
        Assert.Contains("name: inference_requests_per_second", Read("inference-api/horizontalpodautoscaler.yaml"));
        Assert.Contains("- studio.example.com", Read("inference-api/httproute.yaml"));
        Assert.Contains("name: studio-gateway", Read("inference-api/httproute.yaml"));
        Assert.Contains("kubernetes.io/metadata.name: gateway-system", Read("inference-api/networkpolicy.yaml"));
        Assert.Contains("path: /healthz", Read("inference-api/deployment.yaml"));
        Assert.Contains("path: /alive", Read("inference-api/deployment.yaml"));
        Assert.Contains("deviceClassName: mig.nvidia.com", Read("llm/resourceclaimtemplate.yaml"));
        Assert.Contains("NVIDIA-A100-SXM4-80GB", Read("llm/resourceclaimtemplate.yaml"));
        Assert.Contains("resourceClaimTemplateName: llm-gpu", Read("llm/deployment.yaml"));
        Assert.Contains("reference: localhost:5000/training-studio/models/qwen2.5-0.5b-instruct:1", Read("llm/deployment.yaml"));
        Assert.Contains("medium: Memory", Read("llm/deployment.yaml"));
        Assert.Contains("kind: CronJob", Read("trainer/cronjob.yaml"));
        Assert.Contains("completionMode: Indexed", Read("trainer/cronjob.yaml"));
        Assert.Contains("kueue.x-k8s.io/queue-name: team-a", Read("trainer/cronjob.yaml"));
        Assert.Contains("nvidia.com/gpu: \"1\"", Read("trainer/cronjob.yaml"));
        Assert.Empty(WorkloadLinter.LintDirectory(output).Select(f => f.ToString()));
    }

    [Fact]
    public void Writes_a_tree_that_validates_strictly_renders_with_kustomize_and_is_stable()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-publish");
        var result = Publish(output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("KubeAi: 3 workload(s)", result.Output, StringComparison.Ordinal);

        foreach (var file in new[] { "base/kustomization.yaml", "base/inference-api/deployment.yaml", "base/inference-api/httproute.yaml", "base/inference-api/horizontalpodautoscaler.yaml", "base/llm/deployment.yaml", "base/secrets.env.template" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} was not written: {result.Output}");
        }

        var kustomization = File.ReadAllText(Path.Combine(output, "base", "kustomization.yaml"));
        Assert.Contains("namespace: training-studio", kustomization, StringComparison.Ordinal);
        Assert.Contains("hf-token", File.ReadAllText(Path.Combine(output, "base", "secrets.env.template")), StringComparison.Ordinal);
        Assert.Contains("localhost:5000/training-studio/inference-api:1.0.0", File.ReadAllText(Path.Combine(output, "base", "inference-api", "deployment.yaml")), StringComparison.Ordinal);

        var validation = SchemaValidator.Default.ValidateDirectory(output);
        Assert.True(validation.IsValid, string.Join('\n', validation.Violations));

        var rendered = Kustomize.Render(Path.Combine(output, "base"));
        Assert.Contains("kind: HorizontalPodAutoscaler", rendered, StringComparison.Ordinal);
        Assert.Contains("kind: ResourceClaimTemplate", rendered, StringComparison.Ordinal);
        Assert.Contains("kind: HTTPRoute", rendered, StringComparison.Ordinal);
        Assert.Contains("path: /alive", rendered, StringComparison.Ordinal);

        var again = Publish(output);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("(0 written,", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_and_images_files_from_the_build_win_over_the_environment()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-publish");
        var options = Path.Combine(output, "..", Path.GetFileName(output) + "-options.json");
        var images = Path.Combine(output, "..", Path.GetFileName(output) + "-images.json");
        File.WriteAllText(options, """{"applicationName":"studio","namespace":"prod","registry":"registry.example.com","tag":"2.0.0","skipUnknown":false,"resources":{"cpuRequest":"50m"},"volumeSize":"2Gi","parameters":{"model-name":"from-build"}}""");
        File.WriteAllText(images, """{"inference-api":"localhost:5000/studio/api:9.9.9@sha256:""" + new string('a', 64) + "\"}");

        var result = Publish(output, environment: new Dictionary<string, string?> { ["KUBEAI_OPTIONS_FILE"] = options, ["KUBEAI_IMAGES_FILE"] = images });
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("for 'studio'", result.Output, StringComparison.Ordinal);
        Assert.Contains("namespace: prod", File.ReadAllText(Path.Combine(output, "base", "kustomization.yaml")), StringComparison.Ordinal);
        Assert.Contains("localhost:5000/studio/api:9.9.9@sha256:", File.ReadAllText(Path.Combine(output, "base", "inference-api", "deployment.yaml")), StringComparison.Ordinal);
        Assert.Contains("registry.example.com/trainer:2.0.0", File.ReadAllText(Path.Combine(output, "base", "trainer", Directory.GetFiles(Path.Combine(output, "base", "trainer"), "*.yaml").Select(Path.GetFileName).First(f => f is "job.yaml" or "deployment.yaml" or "cronjob.yaml" or "jobset.yaml")!)), StringComparison.Ordinal);
        Assert.Contains("from-build", string.Concat(Directory.GetFiles(Path.Combine(output, "base"), "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_without_a_value_becomes_a_deploy_time_input()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-publish");
        // Another working directory: the app host's appsettings.json (which holds model-name) is not read.
        var elsewhere = RepoPaths.NewTempDirectory("kubeai-hosting-cwd");
        var result = Publish(output, elsewhere);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("model-name=\n", File.ReadAllText(Path.Combine(output, "base", "parameters.env.template")), StringComparison.Ordinal);
        Assert.Contains("fill base/parameters.env from base/parameters.env.template (model-name", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_strict_parameters_a_missing_value_is_one_KUBEAI1014_line_a_non_zero_exit_code_and_no_stack_trace()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-publish");
        var elsewhere = RepoPaths.NewTempDirectory("kubeai-hosting-cwd");
        var options = output + "-strict.json";
        File.WriteAllText(options, """{"strictParameters":true}""");
        var result = Publish(output, elsewhere, new Dictionary<string, string?> { ["KUBEAI_OPTIONS_FILE"] = options });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.Output.Split('\n'), l => l.Contains("KUBEAI1014: parameter(s) 'model-name'", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "base", "kustomization.yaml")));
    }

    [Fact]
    public void A_bad_options_file_is_KUBEAI5003()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-publish");
        var options = Path.Combine(output + "-bad-options.json");
        File.WriteAllText(options, """{"namespaec":"typo"}""");
        var result = Publish(output, environment: new Dictionary<string, string?> { ["KUBEAI_OPTIONS_FILE"] = options });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("KUBEAI5003", result.Output, StringComparison.Ordinal);
        Assert.Contains("'namespaec'", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
