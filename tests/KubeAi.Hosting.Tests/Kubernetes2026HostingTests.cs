using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Hosting.Tests;

/// <summary>The 2026 extensions (docs/kubernetes-2026.md): what they write into the manifest, and what the publish step makes of it.</summary>
public sealed class Kubernetes2026HostingTests
{
    private static readonly IDistributedApplicationBuilder s_builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = ["--operation", "publish", "--step", "publish-manifest"], DisableDashboard = true });
    private static int s_counter;

    private static IResourceBuilder<ContainerResource> Container() => s_builder.AddContainer($"k{Interlocked.Increment(ref s_counter)}", "busybox", "1.36");

    [Fact]
    public async Task Environment_writes_gateway_gpu_allocation_version_and_controller_namespace()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b => b.AddKubeAiEnvironment("k8s")
            .WithGateway("shared-gateway", "gateway-system", sectionName: "https")
            .WithIngressControllerNamespace("traefik")
            .WithGpuAllocation(GpuAllocation.Dra)
            .WithKubernetesVersion("v1.36.1"));

        Assert.Equal(
            """{"type":"kubeai.environment.v0","ingressControllerNamespace":"traefik","gateway":{"name":"shared-gateway","namespace":"gateway-system","sectionName":"https"},"gpuAllocation":"dra","kubernetesVersion":"1.36"}""",
            JsonSerializer.Serialize(resources.GetProperty("k8s")));
    }

    [Fact]
    public async Task Workload_writes_dra_gpus_model_workers_and_inference_pool()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            b.AddContainer("llm", "vllm/vllm-openai", "v0.11.0")
                .WithHttpEndpoint(targetPort: 8000, name: "http")
                .WithGpus(2, product: "NVIDIA-H100-80GB-HBM3", allocation: GpuAllocation.Dra, minMemory: "80Gi")
                .WithModel("localhost:5000/models/llama:1", "/weights", source: "models/llama", pullPolicy: "IfNotPresent")
                .WithWorkers(2)
                .WithInferencePool("llm-epp", endpointName: "http");
        });

        var source = Path.GetFullPath(Path.Combine(s_builder.AppHostDirectory, "models/llama"));
        var expected = $$$"""{"kind":"Deployment","gpu":{"count":2,"product":"NVIDIA-H100-80GB-HBM3","allocation":"dra","minMemory":"80Gi"},"model":{"image":"localhost:5000/models/llama:1","mountPath":"/weights","pullPolicy":"IfNotPresent","source":{{{JsonSerializer.Serialize(source)}}}},"workers":2,"inferencePool":{"endpoint":"http","endpointPicker":"llm-epp","endpointPickerPort":9002}}""";
        Assert.Equal(expected, AppModelHarness.Deployment(resources, "llm"));
    }

    [Fact]
    public async Task The_publish_step_writes_routes_a_leader_worker_set_a_pool_and_a_claim_template_that_validate()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-2026");
        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, b =>
        {
            b.AddKubeAiEnvironment("k8s").WithGateway("gw", "gateway-system").WithGpuAllocation(GpuAllocation.Dra);
            b.AddContainer("llm", "vllm/vllm-openai", "v0.11.0")
                .WithHttpEndpoint(targetPort: 8000, name: "http")
                .WithExternalHttpEndpoints()
                .WithGpus(4)
                .WithModel("localhost:5000/models/llama:1@sha256:" + new string('a', 64))
                .WithWorkers(2)
                .WithInferencePool("llm-epp");
        });

        string Read(string file) => File.ReadAllText(Path.Combine(output, "base", "llm", file));
        Assert.Contains("kind: LeaderWorkerSet", Read("leaderworkerset.yaml"));
        Assert.Contains("kind: InferencePool", Read("inferencepool.yaml"));
        Assert.Contains("kind: InferencePool", Read("httproute.yaml"));
        Assert.Contains("count: 4", Read("resourceclaimtemplate.yaml"));
        var validation = SchemaValidator.Default.ValidateDirectory(output);
        Assert.True(validation.IsValid, string.Join('\n', validation.Violations));
        Assert.Empty(WorkloadLinter.LintDirectory(output).Select(f => f.ToString()));
        Kustomize.Render(Path.Combine(output, "base"));
    }

    [Fact]
    public void Bad_values_are_refused_at_the_call()
    {
        static void Rejects(Action action, string because) => Assert.Contains(because, Assert.ThrowsAny<ArgumentException>(action).Message, StringComparison.Ordinal);
        var environment = s_builder.AddKubeAiEnvironment("env-" + Guid.NewGuid().ToString("N")[..6]);

        Rejects(() => environment.WithGateway("Bad_Gateway"), "Bad_Gateway");
        Rejects(() => environment.WithKubernetesVersion("1.20"), "'1.20' is not a Kubernetes version");
        Rejects(() => environment.WithKubernetesVersion("latest"), "'latest'");
        Rejects(() => Container().WithModel("phi:1"), "'phi:1' is not an OCI reference");
        Rejects(() => Container().WithModel("localhost:5000/m:1", pullPolicy: "Sometimes"), "Sometimes");
        Rejects(() => Container().WithWorkers(0), "pods per group");
        Rejects(() => Container().WithGpus(1, minMemory: "lots"), "'lots' is not a Kubernetes quantity");
        Rejects(() => s_builder.AddTrainingJob("job-" + Guid.NewGuid().ToString("N")[..6], "busybox", "1.36").WithServingWorkers(2), "WithWorkers");
    }
}
