using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using KubeAi.TestSupport;

namespace KubeAi.Hosting.Tests;

/// <summary>
/// The contract fields that had no Hosting API before one intent model (exposure, readOnlyRootFilesystem,
/// allowInternetEgress, kserve, autoscaling.keda, the environment's exposure, masterPort, backoffLimitPerIndex,
/// maxFailedIndexes, terminationGracePeriodSeconds): the manifest carries each, and KubeAi.Core generates from it.
/// </summary>
public sealed class ContractApiTests
{
    private static void Services(IDistributedApplicationBuilder b)
    {
        b.AddKubeAiEnvironment("k8s").WithExposure(WorkloadExposure.ClusterOnly).WithIngressControllerNamespace("traefik");
        b.AddContainer("edge", "nginx", "1.27")
            .WithHttpEndpoint(targetPort: 8080, name: "http")
            .WithExternalHttpEndpoints()
            .WithExposure(WorkloadExposure.LoadBalancer)
            .WithWritableRootFilesystem()
            .WithInternetEgress();
        b.AddContainer("embedder", "ghcr.io/acme/embedder", "1.0")
            .WithHttpEndpoint(targetPort: 8000, name: "http")
            .WithKedaAutoscaling("http://prometheus.monitoring:9090", "sum(rate(embed_requests_total[1m]))", "20", maxReplicas: 8, activationThreshold: "1");
        b.AddContainer("ranker", "docker.io/kserve/huggingfaceserver", "v0.14.0")
            .WithHttpEndpoint(targetPort: 8080, name: "http")
            .PublishAsKServe("huggingface", "hf://cross-encoder/ms-marco-MiniLM-L-6-v2", "0.14.0");
    }

    [Fact]
    public async Task Exposure_root_filesystem_egress_keda_and_kserve_reach_the_manifest()
    {
        var resources = await AppModelHarness.PublishManifestAsync(Services);

        Assert.Equal("""{"type":"kubeai.environment.v0","exposure":"cluster","ingressControllerNamespace":"traefik"}""", JsonSerializer.Serialize(resources.GetProperty("k8s")));
        Assert.Equal("""{"kind":"Deployment","exposure":"loadBalancer","readOnlyRootFilesystem":false,"allowInternetEgress":true}""", AppModelHarness.Deployment(resources, "edge"));
        Assert.Equal(
            """{"kind":"Deployment","autoscaling":{"minReplicas":0,"maxReplicas":8,"keda":{"serverAddress":"http://prometheus.monitoring:9090","query":"sum(rate(embed_requests_total[1m]))","threshold":"20","activationThreshold":"1"}}}""",
            AppModelHarness.Deployment(resources, "embedder"));
        Assert.Equal(
            """{"kind":"Deployment","kserve":{"modelFormat":"huggingface","storageUri":"hf://cross-encoder/ms-marco-MiniLM-L-6-v2","runtimeVersion":"0.14.0"}}""",
            AppModelHarness.Deployment(resources, "ranker"));
    }

    [Fact]
    public async Task Core_generates_from_exposure_root_filesystem_egress_keda_and_kserve()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-contract-api");
        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, Services);
        string Read(string file) => File.ReadAllText(Path.Combine(output, "base", file));

        Assert.Contains("type: LoadBalancer", Read("edge/service.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("readOnlyRootFilesystem", Read("edge/deployment.yaml"), StringComparison.Ordinal);
        Assert.Contains("readOnlyRootFilesystem: true", Read("embedder/deployment.yaml"), StringComparison.Ordinal);
        Assert.Contains("cidr: 0.0.0.0/0", Read("edge/networkpolicy.yaml"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "base", "edge", "ingress.yaml")), "a LoadBalancer needs no Ingress");
        var scaled = Read("embedder/scaledobject.yaml");
        Assert.Contains("minReplicaCount: 0", scaled, StringComparison.Ordinal);
        Assert.Contains("sum(rate(embed_requests_total[1m]))", scaled, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "base", "embedder", "horizontalpodautoscaler.yaml")), "KEDA replaces the HPA");
        Assert.Contains("storageUri: hf://cross-encoder/ms-marco-MiniLM-L-6-v2", Read("ranker/inferenceservice.yaml"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "base", "ranker", "deployment.yaml")), "KServe replaces the Deployment");
    }

    private static void Training(IDistributedApplicationBuilder b)
    {
        b.AddKubeAiEnvironment("k8s");
        b.AddTrainingJob("train", "ghcr.io/acme/train", "1")
            .WithWorkers(2)
            .WithMasterPort(23456)
            .WithBackoffLimitPerIndex(1, maxFailedIndexes: 1)
            .WithTerminationGracePeriod(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Master_port_per_index_backoff_and_grace_period_reach_the_manifest_and_the_job()
    {
        var resources = await AppModelHarness.PublishManifestAsync(Training);
        Assert.Equal(
            """{"kind":"TrainingJob","trainingJob":{"workers":2,"masterPort":23456,"backoffLimitPerIndex":1,"maxFailedIndexes":1,"terminationGracePeriodSeconds":300}}""",
            AppModelHarness.Deployment(resources, "train"));

        var output = RepoPaths.NewTempDirectory("kubeai-hosting-contract-training");
        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, Training);
        var job = File.ReadAllText(Path.Combine(output, "base", "train", "job.yaml"));
        Assert.Contains("backoffLimitPerIndex: 1", job, StringComparison.Ordinal);
        Assert.Contains("maxFailedIndexes: 1", job, StringComparison.Ordinal);
        Assert.Contains("terminationGracePeriodSeconds: 300", job, StringComparison.Ordinal);
        Assert.Contains("value: \"23456\"", job, StringComparison.Ordinal);
    }

    [Fact]
    public void The_new_methods_refuse_what_the_contract_refuses()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = ["--operation", "publish", "--step", "publish-manifest"], DisableDashboard = true });
        var c = builder.AddContainer("c", "busybox", "1.36");
        Assert.ThrowsAny<ArgumentException>(() => c.WithKedaAutoscaling("prometheus:9090", "up", "1"));
        Assert.ThrowsAny<ArgumentException>(() => c.WithKedaAutoscaling("http://prometheus:9090", "up", "lots"));
        Assert.ThrowsAny<ArgumentException>(() => c.WithKedaAutoscaling("http://prometheus:9090", "up", "1", minReplicas: 5, maxReplicas: 2));
        Assert.ThrowsAny<ArgumentException>(() => c.PublishAsKServe(storageUri: "no-scheme"));
        Assert.ThrowsAny<ArgumentException>(() => c.WithExposure((WorkloadExposure)42));
        var job = builder.AddTrainingJob("j", "busybox", "1.36");
        Assert.ThrowsAny<ArgumentException>(() => job.PublishAsKServe());
        Assert.ThrowsAny<ArgumentException>(() => job.WithMasterPort(0));
        Assert.ThrowsAny<ArgumentException>(() => job.WithTerminationGracePeriod(TimeSpan.FromDays(2)));
    }
}
