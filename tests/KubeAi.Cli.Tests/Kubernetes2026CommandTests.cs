using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary><c>--kubernetes-version</c> and <c>--push-models</c> of <c>kubeai generate</c>.</summary>
public sealed class Kubernetes2026CommandTests
{
    private static string ModelManifest(string image) => $$"""
        {
          "resources": {
            "k8s": { "type": "kubeai.environment.v0" },
            "llm": {
              "type": "container.v1",
              "image": "docker.io/vllm/vllm-openai:v0.11.0",
              "deployment": { "kind": "Deployment", "model": { "image": "{{image}}", "source": "weights" } },
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8000 } }
            }
          }
        }
        """;

    [Fact]
    public void A_target_without_image_volumes_is_one_coded_error_and_writes_nothing()
    {
        var manifest = CliHarness.WriteManifest(ModelManifest("localhost:5000/models/phi:1"));
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess("generate", "--manifest", manifest, "--output", output, "--kubernetes-version", "1.34");

        var line = CliHarness.AssertOneCodedError(run, ErrorCodes.FeatureNeedsNewerKubernetes);
        Assert.Contains("needs Kubernetes 1.35", line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public void A_bad_version_is_one_coded_error()
    {
        var manifest = CliHarness.WriteManifest(ModelManifest("localhost:5000/models/phi:1"));

        var run = CliHarness.InProcess("generate", "--manifest", manifest, "--output", RepoPaths.NewTempDirectory(), "--kubernetes-version", "one.35");

        CliHarness.AssertOneCodedError(run, ErrorCodes.InvalidKubernetesVersion);
    }

    [Fact]
    public void Push_models_packs_the_folder_pushes_it_to_the_local_registry_and_pins_the_digest()
    {
        LocalRegistry.EnsureRunning();
        var repository = $"kubeai-tests/cli-model-{Guid.NewGuid():N}";
        var manifest = CliHarness.WriteManifest(ModelManifest($"{LocalRegistry.Address}/{repository}:1"));
        var weights = Path.Combine(Path.GetDirectoryName(manifest)!, "weights");
        Directory.CreateDirectory(weights);
        File.WriteAllText(Path.Combine(weights, "config.json"), "{\"model_type\":\"phi3\"}");
        File.WriteAllBytes(Path.Combine(weights, "model.safetensors"), Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray());
        var output = RepoPaths.NewTempDirectory();

        var run = CliHarness.InProcess("generate", "--manifest", manifest, "--output", output, "--push-models", "--app-name", "demo");

        Assert.True(run.ExitCode == 0, run.StdErr);
        var digest = LocalRegistry.Digest(repository, "1");
        Assert.NotNull(digest);
        var pinned = $"{LocalRegistry.Address}/{repository}:1@{digest}";
        Assert.Contains($"kubeai: model llm: {pinned} (2 file(s), pushed)", run.StdOut);
        var deployment = File.ReadAllText(Path.Combine(output, "base", "llm", "deployment.yaml"));
        Assert.Contains($"reference: {pinned}", deployment);
        Assert.Contains("pullPolicy: IfNotPresent", deployment);
        Assert.DoesNotContain(ErrorCodes.InvalidModelImage, run.StdErr);
    }
}
