using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KubeAi.Hosting.Tests;

/// <summary>The sample app host run locally through Aspire.Hosting.Testing: services serve, the training job runs once, to completion, with the local environment contract.</summary>
public sealed class LocalRunTests
{
    [Fact]
    public async Task Sample_runs_locally_and_the_training_job_completes_with_the_environment_contract()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TrainingStudio_AppHost>(
            ["--launch-profile", "http"], (options, settings) => options.DisableDashboard = true, timeout.Token);
        builder.Configuration["Parameters:hf-token"] = "test-token";

        await using var app = await builder.BuildAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await app.StartAsync(timeout.Token);

        await notifications.WaitForResourceHealthyAsync("inference-api", timeout.Token);
        using (var http = app.CreateHttpClient("inference-api", "http"))
        {
            var response = await http.GetAsync("/healthz", timeout.Token);
            Assert.True(response.IsSuccessStatusCode, $"/healthz answered {response.StatusCode}");
        }

        var finished = await notifications.WaitForResourceAsync(
            "trainer",
            e => e.Snapshot.State?.Text == KnownResourceStates.Finished || e.Snapshot.State?.Text == KnownResourceStates.Exited || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart,
            timeout.Token);
        Assert.Equal(0, finished.Snapshot.ExitCode);
        // Everything the trainer printed (Aspire streams a process's console only while someone watches).
        // The model resource, not its name: a process's logs are kept under its DCP instance name.
        var trainer = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "trainer");
        var logs = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(trainer).WithCancellation(timeout.Token))
        {
            logs.AddRange(batch.Select(l => l.Content));
        }

        var text = string.Join('\n', logs);
        var checkpoints = Path.Combine(AppModelHarness.SampleDirectory, "TrainingStudio.AppHost", ".kubeai", "checkpoints", "trainer");
        Assert.Contains("rank=0 world_size=1 master=localhost:29500", text, StringComparison.Ordinal);
        Assert.Contains($"checkpoint_dir={checkpoints}", text, StringComparison.Ordinal);
        Assert.Contains("trainer: done", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(checkpoints, "checkpoint.json")), "the trainer writes its checkpoint into KUBEAI_CHECKPOINT_DIR");

        // A job runs once: it is not restarted after it finished.
        await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        Assert.Equal(KnownResourceStates.Finished, app.Services.GetRequiredService<ResourceNotificationService>().TryGetCurrentState("trainer", out var current) ? current.Snapshot.State?.Text : null);
        await app.StopAsync(timeout.Token);
    }
}
