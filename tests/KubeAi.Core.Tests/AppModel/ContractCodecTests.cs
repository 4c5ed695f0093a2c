using System.Text.Json;
using KubeAi.Core.AppModel;
using KubeAi.Core.AppModel.Contract;

namespace KubeAi.Core.Tests.AppModel;

/// <summary>
/// The one codec of the contract (docs/app-model-contract.md): for every field, write → read gives back the
/// record it was given (compared by value: every property, nested records and lists included), for fully
/// populated and for minimal records, and writing what was read gives the same bytes.
/// </summary>
public sealed class ContractCodecTests
{
    /// <summary>A service with every key of the contract that can go together with KServe.</summary>
    public static DeploymentSettings FullKServeService { get; } = new()
    {
        Kind = DeploymentSettings.DeploymentKind,
        Replicas = 3,
        Resources = new ResourceSettings("500m", "1Gi", "2", "4Gi"),
        Gpu = new GpuSettings(2, "NVIDIA-A100-SXM4-80GB", "1g.10gb", "8Gi", GpuAllocation.DevicePlugin, null),
        Probes =
        [
            new ProbeSettings("startup", "/started", "http", 0, 10, 2, 30),
            new ProbeSettings("readiness", "/healthz", "http", null, null, null, null),
            new ProbeSettings("liveness", "/", null, null, 15, 3, 4) { Command = ["/bin/sh", "-c", "test -f /tmp/alive"] },
        ],
        StartupTimeoutSeconds = 600,
        Autoscaling = new AutoscalingSettings(0, 8, null, null, [], new KedaSettings("http://prometheus.monitoring:9090", "sum(rate(requests_total[1m]))", "20", "1")),
        Ingress = new IngressSettings("api.example.com", "/v1", "api-tls", "nginx", "http"),
        ModelCache = new ModelCacheSettings("50Gi", "/root/.cache/huggingface", "fast-ssd"),
        DependsOn = ["cache", "db"],
        Exposure = Exposure.LoadBalancer,
        ReadOnlyRootFilesystem = false,
        EphemeralStorage = true,
        AllowInternetEgress = true,
        KServe = new KServeSettings("huggingface", "hf://org/model", "0.14.0"),
        Model = new ModelImageSettings("registry.example.com/models/phi:1", "/weights", "IfNotPresent", "/abs/models/phi"),
        Workers = new ServingWorkersSettings(1),
    };

    /// <summary>A multi-pod model server behind an inference pool, on DRA GPUs, scaled by an HPA on every kind of target.</summary>
    public static DeploymentSettings FullPooledService { get; } = new()
    {
        Replicas = 2,
        Resources = new ResourceSettings(null, "1Gi", "2", null),
        Gpu = new GpuSettings(8, null, null, "16Gi", GpuAllocation.Dra, "80Gi"),
        Ingress = new IngressSettings(null, "/", null, null, null),
        Exposure = Exposure.Gateway,
        Model = new ModelImageSettings("registry.example.com/models/llama:1", "/models", null, null),
        Workers = new ServingWorkersSettings(4),
        InferencePool = new InferencePoolSettings("http", "llm-epp", 9100),
    };

    /// <summary>A training job with every key of <c>trainingJob</c>.</summary>
    public static DeploymentSettings FullTrainingJob { get; } = new()
    {
        Kind = DeploymentSettings.TrainingJobKind,
        Resources = new ResourceSettings("8", "64Gi", "16", "128Gi"),
        Gpu = new GpuSettings(8, "NVIDIA-H100-80GB-HBM3", null, "32Gi", null, null),
        DependsOn = ["api"],
        AllowInternetEgress = true,
        TrainingJob = new TrainingJobSettings
        {
            Flavor = "pytorchjob",
            Workers = 4,
            ProcessesPerWorker = 8,
            MasterPort = 23456,
            Checkpoint = new CheckpointSettings("100Gi", "fast-ssd", "ReadWriteMany", "/ckpt"),
            Dataset = new DatasetSettings("s3://bucket/train", "amazon/aws-cli:2.17.0", "/dataset", "200Gi"),
            Schedule = "0 3 * * 0",
            TimeZone = "Etc/UTC",
            Queue = new QueueSettings("team-a", "cluster-gpu", "high"),
            PriorityClassName = "ml-high",
            BackoffLimit = 3,
            BackoffLimitPerIndex = 1,
            MaxFailedIndexes = 2,
            ActiveDeadlineSeconds = 86_400,
            TtlSecondsAfterFinished = 3600,
            FailOnExitCodes = [7, 42],
            TerminationGracePeriodSeconds = 300,
        },
    };

    public static TheoryData<string> Deployments => [nameof(FullKServeService), nameof(FullPooledService), "HpaService", nameof(FullTrainingJob), "MinimalService", "MinimalTrainingJob", "DefaultsWrittenOut"];

    private static DeploymentSettings Named(string name) => name switch
    {
        nameof(FullKServeService) => FullKServeService,
        nameof(FullPooledService) => FullPooledService,
        "HpaService" => FullPooledService with
        {
            // A LeaderWorkerSet scales by groups: an autoscaler goes with one pod per group.
            Workers = new ServingWorkersSettings(1),
            Autoscaling = new AutoscalingSettings(2, 10, 70, 80, [new MetricTarget("inference_requests_per_second", "50"), new MetricTarget("queue_depth", "1500m")]),
        },
        nameof(FullTrainingJob) => FullTrainingJob,
        "MinimalService" => DeploymentSettings.Default,
        "MinimalTrainingJob" => DeploymentSettings.Default with { Kind = DeploymentSettings.TrainingJobKind, TrainingJob = new TrainingJobSettings() },
        // Every default spelled out: written as the minimal object, read back the same.
        "DefaultsWrittenOut" => DeploymentSettings.Default with
        {
            Gpu = new GpuSettings(ContractDefaults.GpuCount, null, null, ContractDefaults.ShmSize),
            Autoscaling = ContractDefaults.Autoscaling(ContractDefaults.MinReplicas, 5, null, null, []),
            Ingress = new IngressSettings(null, ContractDefaults.IngressPath, null, null, null),
            ModelCache = new ModelCacheSettings("1Gi", ContractDefaults.ModelCacheMountPath, null),
            Model = new ModelImageSettings("registry.example.com/m:1", ContractDefaults.ModelMountPath, null, null),
            InferencePool = new InferencePoolSettings(null, "epp", ContractDefaults.EndpointPickerPort),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Deployment_write_then_read_is_the_identity(string name)
    {
        var settings = Named(name);

        var json = ContractCodec.ToJson(settings);
        var read = ReadDeployment(json);

        Assert.Equal(Value(settings), Value(read));
        Assert.Equal(json, ContractCodec.ToJson(read));
    }

    [Fact]
    public void Minimal_records_write_only_their_kind_and_defaults_are_left_out()
    {
        Assert.Equal("""{"kind":"Deployment"}""", ContractCodec.ToJson(Named("MinimalService")));
        Assert.Equal("""{"kind":"TrainingJob"}""", ContractCodec.ToJson(Named("MinimalTrainingJob")));
        Assert.Equal(
            """{"kind":"Deployment","gpu":{"count":1},"autoscaling":{"minReplicas":1,"maxReplicas":5},"ingress":{},"modelCache":{"size":"1Gi"},"model":{"image":"registry.example.com/m:1"},"inferencePool":{"endpointPicker":"epp"}}""",
            ContractCodec.ToJson(Named("DefaultsWrittenOut")));
    }

    [Fact]
    public void Every_key_of_the_deployment_contract_is_written_by_some_full_record()
    {
        string[] deploymentKeys = ["kind", "replicas", "resources", "gpu", "probes", "startupTimeoutSeconds", "autoscaling", "ingress", "modelCache", "dependsOn", "trainingJob",
            "exposure", "readOnlyRootFilesystem", "ephemeralStorage", "allowInternetEgress", "kserve", "model", "workers", "inferencePool"];
        string[] trainingKeys = ["flavor", "workers", "processesPerWorker", "masterPort", "checkpoint", "dataset", "schedule", "timeZone", "queue", "localQueue", "kueuePriorityClass",
            "priorityClassName", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "failOnExitCodes", "terminationGracePeriodSeconds"];
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { nameof(FullKServeService), nameof(FullPooledService), "HpaService", nameof(FullTrainingJob) })
        {
            using var document = JsonDocument.Parse(ContractCodec.ToJson(Named(name)));
            written.UnionWith(document.RootElement.EnumerateObject().Select(p => p.Name));
            if (document.RootElement.TryGetProperty("trainingJob", out var job))
            {
                written.UnionWith(job.EnumerateObject().Select(p => $"trainingJob.{p.Name}"));
            }

            if (document.RootElement.TryGetProperty("gpu", out var gpu))
            {
                written.UnionWith(gpu.EnumerateObject().Select(p => $"gpu.{p.Name}"));
            }

            if (document.RootElement.TryGetProperty("autoscaling", out var scaling))
            {
                written.UnionWith(scaling.EnumerateObject().Select(p => $"autoscaling.{p.Name}"));
            }
        }

        string[] expected =
        [
            .. deploymentKeys,
            .. trainingKeys.Select(k => $"trainingJob.{k}"),
            .. new[] { "count", "product", "mig", "shmSize", "allocation", "minMemory" }.Select(k => $"gpu.{k}"),
            .. new[] { "minReplicas", "maxReplicas", "cpuUtilization", "memoryUtilization", "metrics", "keda" }.Select(k => $"autoscaling.{k}"),
        ];
        var missing = expected.Where(k => !written.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"no full record writes {string.Join(", ", missing)}");
    }

    public static EnvironmentSettings FullEnvironment { get; } = new(
        "k8s",
        "ml",
        "registry.example.com/team",
        "1.4.0",
        "regcred",
        "nginx",
        "fast-ssd",
        new ResourceSettings("100m", "128Mi", "1", "512Mi"),
        Exposure.Ingress,
        "traefik",
        ["openai", "storage"])
    {
        Gateway = new GatewaySettings("shared-gateway", "gateway-system", "https"),
        GpuAllocation = GpuAllocation.Dra,
        KubernetesVersion = "1.35",
        Environments = new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal)
        {
            ["dev"] = new() { Namespace = "shop-dev", Workloads = new(StringComparer.Ordinal) { ["api"] = new() { Replicas = 1 } } },
            ["prod"] = new()
            {
                Namespace = "shop-prod",
                ImageTag = "2.0.0",
                Workloads = new(StringComparer.Ordinal)
                {
                    ["api"] = new() { Replicas = 4, ImageTag = "2.0.1", Resources = new() { Requests = new() { Cpu = "500m" }, Limits = new() { Cpu = "2", Memory = "2Gi" } } },
                },
            },
        },
        Secrets = new SecretSources
        {
            Default = new SecretSource { Source = SecretSource.ExternalSecretKind, Store = "vault", StoreKind = "ClusterSecretStore", RemoteKeyPrefix = "shop/", RefreshInterval = "1h" },
            Parameters = new(StringComparer.Ordinal)
            {
                ["db-password"] = new SecretSource { Source = SecretSource.ExistingSecretKind, SecretName = "shop-db", Key = "password" },
                ["signing-key"] = new SecretSource { Source = SecretSource.ExternalSecretKind, Store = "team-store", RemoteKey = "shop/signing", Property = "private" },
            },
        },
    };

    public static EnvironmentSettings MinimalEnvironment { get; } = new("k8s", null, null, null, null, null, null, null, External: []);

    [Fact]
    public void Environment_write_then_read_is_the_identity()
    {
        foreach (var settings in new[] { FullEnvironment, MinimalEnvironment })
        {
            var json = ContractCodec.ToJson(settings);
            using var document = JsonDocument.Parse(json);
            var read = ContractCodec.ReadEnvironment("k8s", document.RootElement, "k8s");

            Assert.Equal(Value(settings), Value(read));
            Assert.Equal(json, ContractCodec.ToJson(read));
        }

        Assert.Equal("""{"type":"kubeai.environment.v0"}""", ContractCodec.ToJson(MinimalEnvironment));
    }

    [Fact]
    public void Every_key_of_the_environment_contract_is_written_by_the_full_record()
    {
        using var document = JsonDocument.Parse(ContractCodec.ToJson(FullEnvironment));
        string[] keys = ["type", "namespace", "registry", "imageTag", "imagePullSecret", "ingressClass", "storageClass", "resources", "exposure", "ingressControllerNamespace", "external",
            "environments", "secrets", "gateway", "gpuAllocation", "kubernetesVersion"];

        Assert.Equal(keys.Order(StringComparer.Ordinal), document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static DeploymentSettings ReadDeployment(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ContractCodec.ReadDeployment(document.RootElement, "test.deployment");
    }

    /// <summary>A record's value: every public property, nested records and collections included (records alone compare lists by reference).</summary>
    private static string Value<T>(T record) => JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true });
}
