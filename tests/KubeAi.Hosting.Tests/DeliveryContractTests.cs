using System.Text.Json;
using Aspire.Hosting;
using KubeAi.Core.AppModel;
using KubeAi.TestSupport;

namespace KubeAi.Hosting.Tests;

/// <summary>Environments and secret sources as Hosting writes them and Core reads them (docs/environments.md).</summary>
public sealed class DeliveryContractTests
{
    private static void Configure(IDistributedApplicationBuilder b)
    {
        var token = b.AddParameter("hf-token", secret: true).WithExternalSecret("vault", remoteKey: "ml/hf", property: "token", clusterStore: true);
        var db = b.AddParameter("db-password", secret: true).WithExistingSecret("ml-db", key: "password");
        var api = b.AddProject("api", AppModelHarness.ApiProject).WithEnvironment("HF_TOKEN", token).WithEnvironment("DB", db).WithReplicas(2);
        b.AddKubeAiEnvironment("k8s")
            .WithNamespace("ml")
            .WithExternalSecrets("team-store", remoteKeyPrefix: "ml/")
            .WithEnvironment("dev", e => e.WithNamespace("ml-dev").WithReplicas(api, 1))
            .WithEnvironment("prod", e => e.WithNamespace("ml-prod").WithImageTag("1.4.0").WithReplicas("api", 4).WithResources("api", cpuLimit: "2", memoryLimit: "2Gi"));
    }

    [Fact]
    public async Task The_environment_writes_environments_and_secret_sources()
    {
        var resources = await AppModelHarness.PublishManifestAsync(Configure);
        var k8s = resources.GetProperty("k8s");

        Assert.Equal(
            """{"dev":{"namespace":"ml-dev","workloads":{"api":{"replicas":1}}},"prod":{"namespace":"ml-prod","imageTag":"1.4.0","workloads":{"api":{"replicas":4,"resources":{"limits":{"cpu":"2","memory":"2Gi"}}}}}}""",
            JsonSerializer.Serialize(k8s.GetProperty("environments")));
        Assert.Equal(
            """{"default":{"source":"externalSecret","store":"team-store","remoteKeyPrefix":"ml/"},"parameters":{"db-password":{"source":"existingSecret","secretName":"ml-db","key":"password"},"hf-token":{"source":"externalSecret","store":"vault","storeKind":"ClusterSecretStore","remoteKey":"ml/hf","property":"token"}}}""",
            JsonSerializer.Serialize(k8s.GetProperty("secrets")));

        // Core reads exactly this.
        var settings = DeploymentSettingsReader.ReadEnvironment("k8s", k8s, "k8s");
        Assert.Equal(["dev", "prod"], settings.Environments.Keys);
        Assert.Equal(4, settings.Environments["prod"].Workloads!["api"].Replicas);
        Assert.Equal("ml-db", settings.Secrets.For("db-password").SecretName);
        Assert.Equal("team-store", settings.Secrets.For("other").Store);
    }

    [Fact]
    public async Task The_publish_step_writes_the_overlays_and_reads_secrets_from_their_sources()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting");
        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, Configure);

        var prod = File.ReadAllText(Path.Combine(output, "overlays", "prod", "kustomization.yaml"));
        Assert.Contains("namespace: ml-prod", prod);
        Assert.Contains("- name: api\n  count: 4", prod);
        Assert.Contains("newTag: \"1.4.0\"", prod);
        Assert.Contains("count: 1", File.ReadAllText(Path.Combine(output, "overlays", "dev", "kustomization.yaml")));
        var deployment = File.ReadAllText(Path.Combine(output, "base", "api", "deployment.yaml"));
        Assert.Contains("key: password\n              name: ml-db", deployment);
        Assert.Contains("key: hf-token\n              name: ", deployment);
        Assert.True(File.Exists(Path.Combine(output, "base", "externalsecret-" + "hosting-tests-vault-cluster.yaml")) || Directory.EnumerateFiles(Path.Combine(output, "base"), "externalsecret-*-vault-cluster.yaml").Any());
        Assert.False(File.Exists(Path.Combine(output, "base", "secrets.env.template")));
    }

    [Fact]
    public void Bad_arguments_fail_at_the_call()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = ["--operation", "publish"], DisableDashboard = true });
        var k8s = builder.AddKubeAiEnvironment("k8s");
        var parameter = builder.AddParameter("p", secret: true);

        Assert.Contains("DNS label", Assert.Throws<ArgumentException>(() => k8s.WithEnvironment("Prod", _ => { })).Message);
        Assert.Contains("not an image tag", Assert.Throws<ArgumentException>(() => k8s.WithEnvironment("prod", e => e.WithImageTag("-x"))).Message);
        Assert.Contains("not a Kubernetes quantity", Assert.Throws<ArgumentException>(() => k8s.WithEnvironment("prod", e => e.WithResources("api", cpuLimit: "lots"))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => k8s.WithEnvironment("prod", e => e.WithReplicas("api", -1)));
        Assert.Contains("not a Kubernetes name", Assert.Throws<ArgumentException>(() => parameter.WithExistingSecret("Bad_Name")).Message);
        Assert.Contains("not a duration", Assert.Throws<ArgumentException>(() => parameter.WithExternalSecret("vault", refreshInterval: "soon")).Message);
    }
}
