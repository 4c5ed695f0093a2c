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
        var builder = RunModeBuilder();
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
        Assert.Equal("""{"kind":"TrainingJob","trainingJob":{"workers":4,"processesPerWorker":1}}""", AppModelHarness.Deployment(resources, "train"));

        var run = RunModeBuilder();
        run.AddTrainingJob<SentimentTrainer>("solo").WithWorkers(4).WithLocalWorkers(1);
        await using var app = await run.BuildAsync();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.Single(model.Resources, r => r.Name.StartsWith("solo", StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.AddTrainingJob<SentimentTrainer>("bad").WithLocalWorkers(0));
    }

    // A run-mode builder needs an app host assembly for DCP's location: the sample's, which this project references.
    private static IDistributedApplicationTestingBuilder RunModeBuilder()
    {
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        return DistributedApplicationTestingBuilder.Create([], (options, _) =>
        {
            options.AssemblyName = "TrainingStudio.AppHost";
            options.DisableDashboard = true;
        });
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
