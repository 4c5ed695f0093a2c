using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;

namespace KubeAi.Hosting.Tests;

/// <summary>The manifest KubeAi.Hosting makes Aspire write, key by key (docs/app-model-contract.md).</summary>
public sealed class ManifestContractTests
{
    [Fact]
    public async Task Environment_writes_every_key_it_was_given()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b => b.AddKubeAiEnvironment("k8s")
            .WithNamespace("ml")
            .WithRegistry("registry.example.com/team")
            .WithImageTag("1.4.0")
            .WithImagePullSecret("regcred")
            .WithDefaultResources("100m", "128Mi", "1", "512Mi")
            .WithIngressClass("nginx")
            .WithStorageClass("fast-ssd"));

        Assert.Equal(
            """{"type":"kubeai.environment.v0","namespace":"ml","registry":"registry.example.com/team","imageTag":"1.4.0","imagePullSecret":"regcred","ingressClass":"nginx","storageClass":"fast-ssd","resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"1","memory":"512Mi"}}}""",
            JsonSerializer.Serialize(resources.GetProperty("k8s")));
    }

    [Fact]
    public async Task Environment_without_settings_writes_only_its_type_and_plain_resources_get_only_a_kind()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            b.AddContainer("redis", "redis", "7.4");
            b.AddProject("api", AppModelHarness.ApiProject);
        });

        Assert.Equal("""{"type":"kubeai.environment.v0"}""", JsonSerializer.Serialize(resources.GetProperty("k8s")));
        Assert.Equal("container.v1", resources.GetProperty("redis").GetProperty("type").GetString());
        Assert.Equal("""{"kind":"Deployment"}""", AppModelHarness.Deployment(resources, "redis"));
        Assert.Equal("project.v1", resources.GetProperty("api").GetProperty("type").GetString());
        Assert.Equal("""{"kind":"Deployment"}""", AppModelHarness.Deployment(resources, "api"));
    }

    [Fact]
    public async Task Ephemeral_storage_writes_its_contract_field_and_generation_keeps_the_data_in_an_emptyDir()
    {
        void Configure(IDistributedApplicationBuilder b)
        {
            b.AddKubeAiEnvironment("k8s");
            b.AddContainer("cache", "redis", "8.6").WithEndpoint(targetPort: 6379, name: "tcp").WithEphemeralStorage();
        }

        var resources = await AppModelHarness.PublishManifestAsync(Configure);
        Assert.Equal("""{"kind":"Deployment","ephemeralStorage":true}""", AppModelHarness.Deployment(resources, "cache"));

        var output = KubeAi.TestSupport.RepoPaths.NewTempDirectory("kubeai-hosting-ephemeral");
        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, Configure);
        var set = await File.ReadAllTextAsync(Path.Combine(output, "base", "cache", "statefulset.yaml"));
        Assert.DoesNotContain("volumeClaimTemplates", set, StringComparison.Ordinal);
        Assert.Contains("- emptyDir: {}\n        name: data", set, StringComparison.Ordinal);
        Assert.Contains("runAsUser: 999", set, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_environment_nothing_changes()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b => b.AddProject("api", AppModelHarness.ApiProject).WithGpus(1).WithReplicas(2));

        Assert.Equal("project.v0", resources.GetProperty("api").GetProperty("type").GetString());
        Assert.False(resources.GetProperty("api").TryGetProperty("deployment", out _));
    }

    [Fact]
    public async Task Service_writes_every_setting_in_contract_order()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            var db = b.AddContainer("db", "postgres", "17");
            var cache = b.AddContainer("cache", "redis", "7.4");
            b.AddProject("api", AppModelHarness.ApiProject)
                .WithReplicas(2)
                .WithKubernetesResources("500m", "1Gi", "2", "4Gi")
                .WithGpus(1, "NVIDIA-A100-SXM4-80GB", "1g.10gb", "8Gi")
                .WithHttpHealthCheck("/healthz", endpointName: "http")
                .WithStartupTimeout(TimeSpan.FromMinutes(10))
                .WithAutoscaling(1, 10, cpuUtilization: 70, memoryUtilization: 80, metricName: "inference_requests_per_second", metricAverageValue: "50")
                .WithIngress("api.example.com", "/", "api-tls", "nginx", "http")
                .WithModelCache("50Gi", "/models", "fast-ssd")
                .WaitFor(db)
                .WaitFor(cache);
        });

        Assert.Equal(
            """{"kind":"Deployment","replicas":2,"resources":{"requests":{"cpu":"500m","memory":"1Gi"},"limits":{"cpu":"2","memory":"4Gi"}},"gpu":{"count":1,"product":"NVIDIA-A100-SXM4-80GB","mig":"1g.10gb","shmSize":"8Gi"},"probes":[{"type":"readiness","path":"/healthz","endpoint":"http"},{"type":"liveness","path":"/healthz","endpoint":"http"}],"startupTimeoutSeconds":600,"autoscaling":{"minReplicas":1,"maxReplicas":10,"cpuUtilization":70,"memoryUtilization":80,"metrics":[{"name":"inference_requests_per_second","averageValue":"50"}]},"ingress":{"host":"api.example.com","tlsSecret":"api-tls","className":"nginx","endpoint":"http"},"modelCache":{"size":"50Gi","storageClass":"fast-ssd"},"dependsOn":["cache","db"]}""",
            AppModelHarness.Deployment(resources, "api"));
    }

    [Fact]
    public async Task Http_probes_win_over_the_health_check_for_their_type()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            b.AddProject("api", AppModelHarness.ApiProject)
                .WithHttpHealthCheck("/healthz", endpointName: "http")
                .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
                .WithHttpProbe(ProbeType.Startup, "/started", initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 30, endpointName: "http");
        });

        Assert.Equal(
            """{"kind":"Deployment","probes":[{"type":"startup","path":"/started","endpoint":"http","initialDelaySeconds":0,"periodSeconds":10,"timeoutSeconds":2,"failureThreshold":30},{"type":"readiness","path":"/healthz","endpoint":"http"},{"type":"liveness","path":"/alive","endpoint":"http","initialDelaySeconds":5,"periodSeconds":5,"timeoutSeconds":1,"failureThreshold":3}]}""",
            AppModelHarness.Deployment(resources, "api"));
    }

    [Fact]
    public async Task Training_jobs_write_kind_TrainingJob_and_every_training_setting()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            var api = b.AddProject("api", AppModelHarness.ApiProject);
            b.AddTrainingJob("finetune", "ghcr.io/acme/finetune", "2.1")
                .WithWorkers(4, 8)
                .WithGpus(8, shmSize: "16Gi")
                .WithKubernetesResources(cpuRequest: "8", memoryRequest: "64Gi")
                .WithCheckpoints("100Gi", "fast-ssd", "ReadWriteMany", "/checkpoints")
                .WithDataset("s3://bucket/train", "amazon/aws-cli:2.17.0", "/data", "200Gi")
                .WithSchedule("0 3 * * 0", "Etc/UTC")
                .WithQueue("team-a", "cluster-gpu", "high")
                .WithPriorityClass("ml-high")
                .WithBackoffLimit(3)
                .WithDeadline(TimeSpan.FromDays(1))
                .WithTtlAfterFinished(TimeSpan.FromHours(1))
                .WithFailOnExitCodes(42, 7, 42)
                .WithFlavor(TrainingJobFlavor.PyTorchJob)
                .WaitFor(api);
        });

        Assert.Equal("container.v1", resources.GetProperty("finetune").GetProperty("type").GetString());
        Assert.Equal("ghcr.io/acme/finetune:2.1", resources.GetProperty("finetune").GetProperty("image").GetString());
        Assert.Equal(
            """{"kind":"TrainingJob","resources":{"requests":{"cpu":"8","memory":"64Gi"}},"gpu":{"count":8,"shmSize":"16Gi"},"dependsOn":["api"],"trainingJob":{"flavor":"pytorchjob","workers":4,"processesPerWorker":8,"checkpoint":{"size":"100Gi","storageClass":"fast-ssd","accessMode":"ReadWriteMany"},"dataset":{"source":"s3://bucket/train","image":"amazon/aws-cli:2.17.0","size":"200Gi"},"schedule":"0 3 * * 0","timeZone":"Etc/UTC","queue":"team-a","localQueue":{"clusterQueue":"cluster-gpu"},"kueuePriorityClass":"high","priorityClassName":"ml-high","backoffLimit":3,"activeDeadlineSeconds":86400,"ttlSecondsAfterFinished":3600,"failOnExitCodes":[7,42]}}""",
            AppModelHarness.Deployment(resources, "finetune"));
        Assert.False(resources.GetProperty("finetune").TryGetProperty("env", out var env) && env.TryGetProperty("RANK", out _), "the local-run contract must not reach the manifest");
    }

    [Fact]
    public async Task Project_training_job_is_a_project_v1_with_kind_TrainingJob()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            b.AddTrainingJob<TrainerProject>("train").WithWorkers(2);
        });

        var train = resources.GetProperty("train");
        Assert.Equal("project.v1", train.GetProperty("type").GetString());
        Assert.EndsWith("TrainingStudio.Trainer.csproj", train.GetProperty("path").GetString());
        Assert.Equal("""{"kind":"TrainingJob","trainingJob":{"workers":2}}""", AppModelHarness.Deployment(resources, "train"));
        var env = train.GetProperty("env");
        foreach (var name in new[] { "RANK", "WORLD_SIZE", "MASTER_ADDR", "KUBEAI_CHECKPOINT_DIR", "PET_NNODES" })
        {
            Assert.False(env.TryGetProperty(name, out _), $"{name} is a local-run variable and must not be in the manifest");
        }
    }

    [Fact]
    public async Task Manifest_is_deterministic()
    {
        static void Configure(IDistributedApplicationBuilder b)
        {
            b.AddKubeAiEnvironment("k8s").WithNamespace("ml");
            var db = b.AddContainer("db", "postgres", "17");
            b.AddProject("api", AppModelHarness.ApiProject).WithReplicas(3).WaitFor(db).WithHttpHealthCheck("/healthz", endpointName: "http");
            b.AddTrainingJob("train", "ghcr.io/acme/train", "1").WithWorkers(2).WithFailOnExitCodes(3, 1);
        }

        var first = JsonSerializer.Serialize(await AppModelHarness.PublishManifestAsync(Configure));
        var second = JsonSerializer.Serialize(await AppModelHarness.PublishManifestAsync(Configure));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Excluded_resources_get_no_deployment()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            b.AddContainer("tool", "busybox", "1.36").ExcludeFromManifest();
            b.AddContainer("kept", "busybox", "1.36");
        });

        Assert.False(resources.TryGetProperty("tool", out _));
        Assert.Equal("""{"kind":"Deployment"}""", AppModelHarness.Deployment(resources, "kept"));
    }

    [Theory]
    [InlineData("app_http_/healthz_200_check", "app", "http", "/healthz")]
    [InlineData("my-api_metrics_/health/ready_200_check", "my-api", "metrics", "/health/ready")]
    [InlineData("a_http_/x_y_503_check", "a", "http", "/x_y")]
    [InlineData("app_http-admin_/h_200_check", "app", "http-admin", "/h")]
    public void Health_check_keys_of_Aspire_13_6_are_read_exactly(string key, string resource, string endpoint, string path)
    {
        Assert.Equal((endpoint, path), ProbeReader.TryParseHealthCheckKey(resource, ["http", "https", "metrics", "http-admin"], key));
    }

    [Theory]
    [InlineData("custom-check", "app")]
    [InlineData("app_http_healthz_200_check", "app")]
    [InlineData("other_http_/h_200_check", "app")]
    // The connection checks of Aspire's integrations: AddPostgres("postgres"), AddRedis("cache"), AddDatabase("models").
    [InlineData("postgres_check", "postgres")]
    [InlineData("cache_check", "cache")]
    [InlineData("models_check", "postgres")]
    [InlineData("app_check", "app")]
    [InlineData("app__check", "app")]
    [InlineData("app_http__check", "app")]
    [InlineData("app_http_/_check", "app")]
    [InlineData("app_grpc_/h_200_check", "app")]
    [InlineData("", "app")]
    [InlineData("_check", "")]
    public void Other_health_checks_give_no_probe(string key, string resource)
    {
        Assert.Null(ProbeReader.TryParseHealthCheckKey(resource, ["http", "https"], key));
    }

    private sealed class TrainerProject : IProjectMetadata
    {
        public string ProjectPath => AppModelHarness.TrainerProject;
    }
}
