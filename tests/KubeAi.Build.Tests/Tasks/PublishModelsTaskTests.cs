using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;
using Microsoft.Build.Framework;

namespace KubeAi.Build.Tests.Tasks;

/// <summary>
/// <c>KubeAiPublishModels</c> and <c>KubeAiKubernetesVersion</c> through the task: a model folder
/// packed, pushed to the real local registry (localhost:5000), its digest pinned in the manifests.
/// </summary>
public sealed class PublishModelsTaskTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new();

    public void Dispose() => _temp.Dispose();

    private string Manifest(string image)
    {
        var folder = _temp.Combine("apphost");
        Directory.CreateDirectory(Path.Combine(folder, "models", "phi"));
        File.WriteAllText(Path.Combine(folder, "models", "phi", "config.json"), "{\"model_type\":\"phi3\"}");
        File.WriteAllBytes(Path.Combine(folder, "models", "phi", "model.safetensors"), Enumerable.Range(0, 8192).Select(i => (byte)(i % 251)).ToArray());
        var manifest = Path.Combine(folder, "aspire-manifest.json");
        File.WriteAllText(manifest, $$"""
            {
              "resources": {
                "k8s": { "type": "kubeai.environment.v0" },
                "llm": {
                  "type": "container.v1",
                  "image": "docker.io/vllm/vllm-openai:v0.11.0",
                  "deployment": { "kind": "Deployment", "model": { "image": "{{image}}", "source": "models/phi" } },
                  "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8000 } }
                }
              }
            }
            """);
        return manifest;
    }

    private GenerateKubernetesManifests Task(string manifest) => new()
    {
        BuildEngine = _engine,
        ManifestPath = manifest,
        OutputPath = _temp.Combine("out"),
        ApplicationName = "models",
    };

    [Fact]
    public void The_model_folder_is_pushed_and_its_digest_pinned_in_the_deployment()
    {
        LocalRegistry.EnsureRunning();
        var repository = $"kubeai-tests/task-model-{Guid.NewGuid():N}";
        var task = Task(Manifest($"{LocalRegistry.Address}/{repository}:2"));
        task.PublishModels = true;

        Assert.True(task.Execute(), _engine.Log);

        var digest = LocalRegistry.Digest(repository, "2");
        Assert.NotNull(digest);
        var pinned = $"{LocalRegistry.Address}/{repository}:2@{digest}";
        Assert.Contains($"KubeAi: model llm: {pinned} (2 file(s), pushed)", _engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message));
        Assert.Contains($"reference: {pinned}", File.ReadAllText(_temp.Combine("out/base/llm/deployment.yaml")));
        Assert.Empty(_engine.Warnings);
    }

    [Fact]
    public void Without_publishing_the_reference_stays_as_written_and_warns()
    {
        var task = Task(Manifest("localhost:5000/models/phi:1"));

        Assert.True(task.Execute(), _engine.Log);

        Assert.Contains("reference: localhost:5000/models/phi:1\n", File.ReadAllText(_temp.Combine("out/base/llm/deployment.yaml")));
        Assert.Contains(_engine.Warnings, w => w.Code == "KUBEAI3024");
    }

    [Fact]
    public void A_target_without_image_volumes_fails_with_the_feature_and_the_version()
    {
        var task = Task(Manifest("localhost:5000/models/phi:1"));
        task.KubernetesVersion = "1.34";

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI3021", error.Code);
        Assert.Contains("needs Kubernetes 1.35", error.Message);
        Assert.False(Directory.Exists(_temp.Combine("out")));
    }
}
