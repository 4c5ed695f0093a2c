using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using KubeAi.TestSupport;

namespace KubeAi.Hosting.Tests;

/// <summary>
/// The contract JSON (each resource's <c>deployment</c> object and the <c>kubeai.environment.v0</c> resource) that
/// KubeAi.Hosting writes for the three samples' app models, compared byte for byte with
/// tests/testdata/hosting/*.json. A change to these files is a change of what every app host writes:
/// review it (<c>KUBEAI_UPDATE_GOLDEN=1</c> rewrites them).
/// </summary>
public sealed class SampleManifestTests
{
    private static string Samples => Path.Combine(RepoPaths.Root, "samples");

    [Fact]
    public async Task TrainingStudio_writes_the_same_contract()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s")
                .WithNamespace("training-studio")
                .WithRegistry("localhost:5000/training-studio")
                .WithImageTag("1.0.0")
                .WithImagePullSecret("regcred")
                .WithDefaultResources(cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "1", memoryLimit: "512Mi")
                .WithIngressClass("nginx")
                .WithStorageClass("standard")
                .WithGateway("studio-gateway", "gateway-system")
                .WithKubernetesVersion("1.35");
            var hfToken = b.AddParameter("hf-token", secret: true);
            var modelName = b.AddParameter("model-name");
            var llm = b.AddContainer("llm", "vllm/vllm-openai", "v0.6.3")
                .WithHttpEndpoint(targetPort: 8000, name: "http")
                .WithEnvironment("HUGGING_FACE_HUB_TOKEN", hfToken)
                .WithGpus(1, product: "NVIDIA-A100-SXM4-80GB", mig: "3g.40gb", shmSize: "8Gi", allocation: GpuAllocation.Dra)
                .WithModel("localhost:5000/training-studio/models/qwen2.5-0.5b-instruct:1", "/models/qwen2.5-0.5b-instruct")
                .WithKubernetesResources(cpuRequest: "2", memoryRequest: "16Gi", cpuLimit: "8", memoryLimit: "32Gi")
                .WithModelCache("50Gi", "/root/.cache/huggingface", storageClass: "fast-ssd")
                .WithStartupTimeout(TimeSpan.FromMinutes(15));
            var api = b.AddProject("inference-api", AppModelHarness.ApiProject)
                .WithEnvironment("MODEL_NAME", modelName)
                .WithEnvironment("LLM_URL", llm.GetEndpoint("http"))
                .WithExternalHttpEndpoints()
                .WithHttpHealthCheck("/healthz", endpointName: "http")
                .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
                .WithReplicas(2)
                .WithKubernetesResources(cpuRequest: "250m", memoryRequest: "256Mi", cpuLimit: "1", memoryLimit: "1Gi")
                .WithAutoscaling(2, 6, cpuUtilization: 70, metricName: "inference_requests_per_second", metricAverageValue: "50")
                .WithIngress("studio.example.com")
                .WithModelCache("5Gi", "/models")
                .WithStartupTimeout(TimeSpan.FromMinutes(2));
            b.AddTrainingJob<Project>("trainer")
                .WithEnvironment("MODEL_NAME", modelName)
                .WithReference(api)
                .WaitFor(api)
                .WithWorkers(4, processesPerWorker: 1)
                .WithLocalWorkers(1)
                .WithGpus(1, product: "NVIDIA-A100-SXM4-80GB")
                .WithKubernetesResources(cpuRequest: "2", memoryRequest: "8Gi", cpuLimit: "4", memoryLimit: "16Gi")
                .WithCheckpoints("100Gi", storageClass: "fast-ssd", accessMode: "ReadWriteMany")
                .WithDataset("s3://training-studio/sentiment/train", image: "amazon/aws-cli:2.17.0")
                .WithSchedule("0 3 * * 0", "Etc/UTC")
                .WithQueue("team-a", clusterQueue: "cluster-gpu", priority: "high")
                .WithBackoffLimit(3)
                .WithDeadline(TimeSpan.FromHours(24))
                .WithTtlAfterFinished(TimeSpan.FromHours(1))
                .WithPriorityClass("ml-high")
                .WithFlavor(TrainingJobFlavor.Job)
                .WithFailOnExitCodes(42);
        });

        Compare("training-studio", resources);
    }

    [Fact]
    public async Task ModelServing_writes_the_same_contract()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s")
                .WithNamespace("model-serving")
                .WithEnvironment("dev", dev => dev
                    .WithNamespace("model-serving-dev")
                    .WithReplicas("inference-api", 1)
                    .WithResources("inference-api", cpuLimit: "500m", memoryLimit: "256Mi"))
                .WithEnvironment("prod", prod => prod
                    .WithNamespace("model-serving-prod")
                    .WithReplicas("inference-api", 4)
                    .WithResources("inference-api", cpuRequest: "500m", memoryRequest: "512Mi", cpuLimit: "2", memoryLimit: "1Gi")
                    .WithResources("trainer", memoryRequest: "1Gi", memoryLimit: "2Gi"));
            var modelName = b.AddParameter("model-name");
            var modelStore = b.AddConnectionString("model-store");
            var api = b.AddProject("inference-api", Path.Combine(Samples, "ModelServing", "ModelServing.Api", "ModelServing.Api.csproj"))
                .WithEnvironment("MODEL_NAME", modelName)
                .WithReference(modelStore)
                .WithExternalHttpEndpoints()
                .WithHttpHealthCheck("/healthz", endpointName: "http")
                .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
                .WithReplicas(2);
            b.AddTrainingJob<Project>("trainer")
                .WithEnvironment("MODEL_NAME", modelName)
                .WithReference(modelStore)
                .WithReference(api)
                .WithCheckpoints("10Gi")
                .WithBackoffLimit(2)
                .WithDeadline(TimeSpan.FromHours(2))
                .WithTtlAfterFinished(TimeSpan.FromHours(1));
        });

        Compare("model-serving", resources);
    }

    [Fact]
    public async Task SentimentPlatform_writes_the_same_contract()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s").WithNamespace("sentiment");
            var password = b.AddParameter("postgres-password", secret: true);
            var postgres = b.AddPostgres("postgres", password: password).WithDataVolume("sentiment-postgres-data");
            var models = postgres.AddDatabase("models");
            b.AddTrainingJob<Project>("train")
                .WithWorkers(2)
                .WithCheckpoints("1Gi", accessMode: "ReadWriteMany")
                .WithReference(models)
                .WithBackoffLimit(2)
                .WithDeadline(TimeSpan.FromHours(1))
                .WithTtlAfterFinished(TimeSpan.FromDays(1))
                .WaitFor(postgres);
            b.AddProject("api", Path.Combine(Samples, "SentimentPlatform", "SentimentPlatform.Api", "SentimentPlatform.Api.csproj"))
                .WithReference(models)
                .WithExternalHttpEndpoints()
                .WithHttpHealthCheck("/healthz", endpointName: "http")
                .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
                .WithStartupTimeout(TimeSpan.FromMinutes(10))
                .WithReplicas(2)
                .WithAutoscaling(2, 6, cpuUtilization: 70)
                .WaitFor(postgres);
        });

        Compare("sentiment-platform", resources);
    }

    /// <summary>Only KubeAi's part of the manifest: the environment resource and every <c>deployment</c> object, one per line.</summary>
    private static void Compare(string name, JsonElement resources)
    {
        var text = new StringBuilder();
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var resource in resources.EnumerateObject().OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (resource.Value.TryGetProperty("type", out var type) && type.GetString() == "kubeai.environment.v0")
            {
                text.Append(resource.Name).Append(' ').Append(JsonSerializer.Serialize(resource.Value, options)).Append('\n');
            }
            else if (resource.Value.TryGetProperty("deployment", out var deployment))
            {
                text.Append(resource.Name).Append(".deployment ").Append(JsonSerializer.Serialize(deployment, options)).Append('\n');
            }
        }

        var file = Path.Combine(RepoPaths.TestData, "hosting", $"{name}.contract.txt");
        if (Environment.GetEnvironmentVariable("KUBEAI_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text.ToString());
        }

        Assert.Equal(File.ReadAllText(file), text.ToString());
    }

    private sealed class Project : IProjectMetadata
    {
        public string ProjectPath => AppModelHarness.TrainerProject;
    }
}
