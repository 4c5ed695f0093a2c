using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;

namespace KubeAi.Hosting.Tests;

/// <summary>
/// The app model a new user writes first: Aspire's own PostgreSQL, Redis and RabbitMQ integrations beside a
/// project with an HTTP health check. Their connection health checks (<c>postgres_check</c>, <c>cache_check</c>)
/// once crashed the manifest writer; they must give no probe, and the project's HTTP check must.
/// </summary>
public sealed class IntegrationAppModelTests
{
    private static void UserApp(IDistributedApplicationBuilder builder)
    {
        builder.AddKubeAiEnvironment("k8s");
        var postgres = builder.AddPostgres("postgres");
        var models = postgres.AddDatabase("models");
        var cache = builder.AddRedis("cache");
        var messaging = builder.AddRabbitMQ("messaging");
        builder.AddProject("api", AppModelHarness.ApiProject, launchProfileName: null)
            .WithHttpEndpoint(targetPort: 8080, name: "http")
            .WithHttpHealthCheck("/healthz", endpointName: "http")
            .WithReference(models).WithReference(cache).WithReference(messaging)
            .WaitFor(models);
    }

    [Fact]
    public async Task Integration_health_checks_give_no_probe_and_the_projects_http_check_does()
    {
        var resources = await AppModelHarness.PublishManifestAsync(UserApp);

        Assert.Equal("""{"kind":"Deployment"}""", AppModelHarness.Deployment(resources, "postgres"));
        Assert.Equal("""{"kind":"Deployment"}""", AppModelHarness.Deployment(resources, "cache"));
        Assert.Equal("""{"kind":"Deployment"}""", AppModelHarness.Deployment(resources, "messaging"));
        using var api = JsonDocument.Parse(AppModelHarness.Deployment(resources, "api"));
        var probes = api.RootElement.GetProperty("probes").EnumerateArray().Select(p => (p.GetProperty("type").GetString(), p.GetProperty("path").GetString(), p.GetProperty("endpoint").GetString())).ToList();
        Assert.Equal([("readiness", "/healthz", "http"), ("liveness", "/healthz", "http")], probes);
    }

    [Fact]
    public async Task The_kubeai_step_writes_a_tree_for_the_integrations()
    {
        var output = KubeAi.TestSupport.RepoPaths.NewTempDirectory("kubeai-integrations");
        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, UserApp);

        foreach (var name in new[] { "postgres", "cache", "messaging", "api" })
        {
            Assert.True(Directory.Exists(Path.Combine(output, "base", name)), $"no folder for {name}");
        }
    }

    [Fact]
    public async Task A_worker_without_endpoints_gets_its_exec_liveness_probe_and_no_readiness_probe()
    {
        var output = KubeAi.TestSupport.RepoPaths.NewTempDirectory("kubeai-worker");
        void App(IDistributedApplicationBuilder builder)
        {
            builder.AddKubeAiEnvironment("k8s");
            builder.AddProject("worker", AppModelHarness.TrainerProject, launchProfileName: null)
                .WithExecProbe(ProbeType.Liveness, ["/bin/sh", "-c", "test -f /tmp/alive"], periodSeconds: 30);
        }

        var resources = await AppModelHarness.PublishManifestAsync(App);
        Assert.Equal("""{"kind":"Deployment","probes":[{"type":"liveness","command":["/bin/sh","-c","test -f /tmp/alive"],"periodSeconds":30}]}""", AppModelHarness.Deployment(resources, "worker"));

        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, App);
        var deployment = File.ReadAllText(Path.Combine(output, "base", "worker", "deployment.yaml"));
        Assert.Contains("livenessProbe:\n          exec:\n            command:\n            - /bin/sh\n            - -c\n            - test -f /tmp/alive\n", deployment);
        Assert.DoesNotContain("readinessProbe", deployment);
        Assert.Empty(global::KubeAi.Validation.WorkloadLinter.LintDirectory(output));
    }
}
