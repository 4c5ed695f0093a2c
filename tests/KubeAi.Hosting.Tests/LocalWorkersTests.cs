using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using Aspire.Hosting.Testing;
using KubeAi.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace KubeAi.Hosting.Tests;

/// <summary>
/// <c>WithWorkers(n)</c> under <c>dotnet run</c>: n local processes, ranks 0..n−1, one rendezvous on
/// localhost. The trainer is SentimentPlatform's, which really connects the ranks over TCP, so a
/// wrong contract (two rank 0s, a wrong world size or port) makes the run fail.
/// </summary>
public sealed class LocalWorkersTests
{
    [Fact]
    public async Task Three_workers_run_as_three_local_ranks_that_train_together()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var builder = await RunModeBuilderAsync(timeout.Token);
        builder.AddTrainingJob<SentimentTrainer>("train3")
            .WithWorkers(3)
            .WithEnvironment("TRAIN_EPOCHS", "2")
            .WithEnvironment("TRAIN_RENDEZVOUS_TIMEOUT_SECONDS", "60");
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);

        var names = new[] { "train3", "train3-rank1", "train3-rank2" };
        var logs = new List<string>();
        foreach (var name in names)
        {
            var finished = await app.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceAsync(
                name, e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", timeout.Token);
            logs.Add(await LogsAsync(app, name, timeout.Token));
            Assert.True(finished.Snapshot.ExitCode == 0, $"{name} exited {finished.Snapshot.ExitCode}: {logs[^1]}");
        }

        for (var rank = 0; rank < 3; rank++)
        {
            Assert.Contains($"trainer: rank={rank} world_size=3 master=localhost:", logs[rank], StringComparison.Ordinal);
            Assert.DoesNotContain("master=localhost:29500", logs[rank], StringComparison.Ordinal); // several workers: a free port
            Assert.Contains($"checkpoint_dir={TrainingJobBuilderExtensions.LocalCheckpointDirectory(builder.AppHostDirectory, "train3")}", logs[rank], StringComparison.Ordinal);
            Assert.Contains($"trainer: rank {rank} done", logs[rank], StringComparison.Ordinal);
        }

        Assert.Contains("rendezvous: rank 0 listening", logs[0], StringComparison.Ordinal);
        Assert.Contains("joined (2/2)", logs[0], StringComparison.Ordinal);
        await app.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task WithLocalWorkers_changes_the_local_world_but_not_the_manifest()
    {
        var resources = await AppModelHarness.PublishManifestAsync(b =>
        {
            b.AddKubeAiEnvironment("k8s");
            b.AddTrainingJob<SentimentTrainer>("train").WithWorkers(4).WithLocalWorkers(1);
        });
        Assert.Equal("""{"kind":"TrainingJob","trainingJob":{"workers":4}}""", AppModelHarness.Deployment(resources, "train"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = await RunModeBuilderAsync(timeout.Token);
        run.AddTrainingJob<SentimentTrainer>("solo").WithWorkers(4).WithLocalWorkers(1).WithEnvironment("TRAIN_EPOCHS", "1");
        Assert.Throws<ArgumentOutOfRangeException>(() => run.AddTrainingJob<SentimentTrainer>("bad").WithLocalWorkers(0));
        run.Resources.Remove(run.Resources.Single(r => r.Name == "bad"));
        await using var app = await run.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var finished = await app.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceAsync(
            "solo", e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", timeout.Token);
        var log = await LogsAsync(app, "solo", timeout.Token);
        Assert.True(finished.Snapshot.ExitCode == 0, log);
        Assert.Contains("trainer: rank=0 world_size=1 master=localhost:29500", log, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Services.GetRequiredService<DistributedApplicationModel>().Resources, r => r.Name.StartsWith("solo-rank", StringComparison.Ordinal));
        await app.StopAsync(timeout.Token);
    }

    // A run-mode builder needs an app host assembly (it tells where DCP is): the TrainingStudio sample's,
    // which this project references, with its own resources taken out so only the job under test runs.
    private static async Task<IDistributedApplicationTestingBuilder> RunModeBuilderAsync(CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TrainingStudio_AppHost>(
            ["--launch-profile", "http"], (options, _) => options.DisableDashboard = true, cancellationToken);
        builder.Configuration["Parameters:hf-token"] = "unused";
        foreach (var resource in builder.Resources.ToList())
        {
            builder.Resources.Remove(resource);
        }

        return builder;
    }

    private static async Task<string> LogsAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        var lines = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(model).WithCancellation(cancellationToken))
        {
            lines.AddRange(batch.Select(l => l.Content));
        }

        return string.Join('\n', lines);
    }

    private sealed class SentimentTrainer : IProjectMetadata
    {
        public string ProjectPath => Path.Combine(RepoPaths.Root, "samples", "SentimentPlatform", "SentimentPlatform.Trainer", "SentimentPlatform.Trainer.csproj");
    }
}
