using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using KubeAi.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using SentimentPlatform.Model;

namespace KubeAi.Samples.Tests;

/// <summary>
/// The SentimentPlatform app host under <c>dotnet run</c> conditions (Aspire.Hosting.Testing, no container
/// runtime, so SQLite): the training job runs as 2 local processes that train together, writes its rows,
/// and the API (2 replicas) picks the model up without a restart and serves it.
/// </summary>
public sealed class LocalRunTests
{
    [Fact]
    public async Task Two_local_ranks_train_store_the_model_and_the_api_serves_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var directory = RepoPaths.NewTempDirectory("sentiment-local");
        var databasePath = Path.Combine(directory, "models.db");
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SentimentPlatform_AppHost>(
            ["--launch-profile", "http", "LocalDatabase=sqlite", $"LocalDatabasePath={databasePath}"],
            (options, settings) => options.DisableDashboard = true, timeout.Token);
        var checkpoints = Path.Combine(builder.AppHostDirectory, ".kubeai", "checkpoints", "train");
        if (Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true); // a finished checkpoint would start a new run anyway; start clean
        }

        await using var app = await builder.BuildAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await app.StartAsync(timeout.Token);

        foreach (var rank in new[] { "train", "train-rank1" })
        {
            var finished = await notifications.WaitForResourceAsync(
                rank,
                e => e.Snapshot.State?.Text == KnownResourceStates.Finished || e.Snapshot.State?.Text == KnownResourceStates.Exited || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart,
                timeout.Token);
            Assert.True(finished.Snapshot.ExitCode == 0, $"{rank} exited with {finished.Snapshot.ExitCode}: {await LogsAsync(app, "train", timeout.Token)}\n---\n{await LogsAsync(app, "train-rank1", timeout.Token)}");
        }

        var rankZero = await LogsAsync(app, "train", timeout.Token);
        var rankOne = await LogsAsync(app, "train-rank1", timeout.Token);
        Assert.Contains("rank=0 world_size=2 master=localhost:", rankZero, StringComparison.Ordinal);
        Assert.Contains("rank=1 world_size=2 master=localhost:", rankOne, StringComparison.Ordinal);
        Assert.Contains("rendezvous: rank 1 joined (1/1)", rankZero, StringComparison.Ordinal);
        Assert.Contains($"checkpoint_dir={checkpoints}", rankOne, StringComparison.Ordinal);
        Assert.Contains("bytes_per_step=1048624", rankOne, StringComparison.Ordinal);

        var database = ModelDatabase.FromConnectionString($"Data Source={databasePath}");
        var (runs, epochs, versions) = await database.CountAsync(timeout.Token);
        Assert.Equal(1, runs);
        Assert.Equal(2 * new TrainingOptions().Epochs, epochs); // one row per epoch per rank
        Assert.Equal(1, versions);
        Assert.Equal(new object?[] { 2L, "completed" }, (await database.QueryAsync("SELECT world_size, status FROM training_runs", timeout.Token)).Single());
        var stored = (await database.LoadNewestAsync(timeout.Token))!;

        // The API started before any model existed (503) and polls: it becomes healthy with version 1.
        await notifications.WaitForResourceHealthyAsync("api", timeout.Token);
        using var http = app.CreateHttpClient("api", "http");
        var validation = SentimentData.Split(SentimentData.Load()).Validation;
        var right = 0;
        foreach (var sentence in validation)
        {
            var response = await http.PostAsJsonAsync("/predict", new { text = sentence.Text }, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var prediction = (await response.Content.ReadFromJsonAsync<Prediction>(timeout.Token))!;
            Assert.Equal(stored.Version, prediction.ModelVersion);
            Assert.InRange(prediction.Probability, 0.5, 1.0);
            right += prediction.Label == (sentence.Positive ? "positive" : "negative") ? 1 : 0;
        }

        var accuracy = (double)right / validation.Count;
        Assert.True(accuracy >= SentimentBar.ValidationAccuracy, $"served accuracy {accuracy}");
        Assert.Equal(stored.ValidationAccuracy, accuracy, 6); // the API serves exactly the stored model
        var empty = await http.PostAsJsonAsync("/predict", new { text = "" }, timeout.Token);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        await app.StopAsync(timeout.Token);
    }

    private static async Task<string> LogsAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        // The model resource, not its name: a process's logs are kept under its DCP instance name.
        var model = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        var lines = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(model).WithCancellation(cancellationToken))
        {
            lines.AddRange(batch.Select(l => l.Content));
        }

        return string.Join('\n', lines);
    }

    private sealed record Prediction(string Label, double Probability, int ModelVersion);
}
