using KubeAi.TestSupport;
using SentimentPlatform.Model;

namespace KubeAi.Samples.Tests;

/// <summary>Two ranks training together in one test process, over real loopback sockets, into a real SQLite file.</summary>
public sealed class DistributedTrainingTests
{
    [Fact]
    public async Task Two_ranks_train_one_model_record_their_rows_and_learn_as_well_as_one()
    {
        var directory = RepoPaths.NewTempDirectory("sentiment-2ranks");
        var database = ModelDatabase.FromConnectionString($"Data Source={Path.Combine(directory, "models.db")}");
        await database.EnsureSchemaAsync();
        var options = new TrainingOptions();
        var results = await TrainAsync(2, options, database, Path.Combine(directory, "checkpoints"));

        Assert.Equal(results[0].Model.Parameters, results[1].Model.Parameters); // one model, not two
        Assert.Equal(1, results[0].ModelVersion);
        Assert.Null(results[1].ModelVersion);
        Assert.Equal(2 * (options.ExchangeLength * 8), results[1].BytesPerStep); // send the sum, receive the total
        var (runs, epochs, versions) = await database.CountAsync();
        Assert.Equal((1L, 2L * options.Epochs, 1L), (runs, epochs, versions));
        var run = Assert.Single(await database.QueryAsync("SELECT world_size, status, finished FROM training_runs"));
        Assert.Equal(2L, run[0]);
        Assert.Equal("completed", run[1]);
        Assert.NotNull(run[2]);
        var stored = await database.LoadNewestAsync();
        Assert.Equal(results[0].Model.Parameters, stored!.Model.Parameters);

        // Two ranks learn as well as one (the global batch size is the same; the batches are not).
        var single = await TrainAsync(1, options, null, null);
        Assert.True(single[0].ValidationAccuracy >= SentimentBar.ValidationAccuracy, $"1 rank: {single[0].ValidationAccuracy}");
        Assert.True(results[0].ValidationAccuracy >= SentimentBar.ValidationAccuracy, $"2 ranks: {results[0].ValidationAccuracy}");
    }

    [Fact]
    public async Task After_a_rank_dies_the_hub_fails_the_run_and_a_rerun_resumes_from_the_checkpoint()
    {
        var directory = RepoPaths.NewTempDirectory("sentiment-resume");
        var checkpoints = Path.Combine(directory, "checkpoints");
        var database = ModelDatabase.FromConnectionString($"Data Source={Path.Combine(directory, "models.db")}");
        await database.EnsureSchemaAsync();
        var slow = new TrainingOptions(Epochs: 6, StepDelay: TimeSpan.FromMilliseconds(20));
        var port = Podman.FreePort();
        var hubLog = new List<string>();
        var hub = Task.Run(async () =>
        {
            using var exchange = GradientExchange.Join(0, 2, "localhost", port, slow.ExchangeLength, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), l => { lock (hubLog) { hubLog.Add(l); } });
            return await new DistributedTrainer(slow, exchange, database, checkpoints, l => { lock (hubLog) { hubLog.Add(l); } }).RunAsync();
        });
        var worker = GradientExchange.Join(1, 2, "localhost", port, slow.ExchangeLength, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), _ => { });
        var workerRun = Task.Run(() => new DistributedTrainer(slow, worker, database, null, _ => { }).RunAsync());
        while (TrainingCheckpoint.Read(checkpoints) is not { Epoch: >= 2 })
        {
            Assert.False(hub.IsCompleted, string.Join('\n', hubLog));
            await Task.Delay(50);
        }

        worker.Dispose(); // rank 1 is gone mid-run
        var error = await Assert.ThrowsAsync<GradientExchangeException>(() => hub);
        // EOF or a reset, depending on whether the hub was reading or writing when the socket closed.
        Assert.Matches("rank 1 closed the connection|lost the connection to rank 1", error.Message);
        await Assert.ThrowsAnyAsync<Exception>(() => workerRun);
        Assert.Equal("failed", (await database.QueryAsync("SELECT status FROM training_runs")).Single()[0]);
        var stoppedAt = TrainingCheckpoint.Read(checkpoints)!.Epoch;
        Assert.InRange(stoppedAt, 2, 5);

        var rerun = await TrainAsync(2, slow with { StepDelay = TimeSpan.Zero }, database, checkpoints);
        Assert.Equal(stoppedAt, rerun[0].StartEpoch);
        Assert.Equal(stoppedAt, rerun[1].StartEpoch); // rank 1 learns where to start from rank 0
        Assert.Equal(rerun[0].Model.Parameters, rerun[1].Model.Parameters);
        var run = Assert.Single(await database.QueryAsync("SELECT id, status FROM training_runs"));
        Assert.Equal("completed", run[1]);
        Assert.Equal(12L, (await database.CountAsync()).Epochs); // every epoch of both ranks once (a repeated epoch replaces its row)
        Assert.True(TrainingCheckpoint.Read(checkpoints)!.Finished);
    }

    private static async Task<TrainingResult[]> TrainAsync(int world, TrainingOptions options, ModelDatabase? database, string? checkpoints)
    {
        var port = Podman.FreePort();
        var ranks = Enumerable.Range(0, world).Select(rank => Task.Run(async () =>
        {
            using var exchange = GradientExchange.Join(rank, world, "localhost", port, options.ExchangeLength, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), _ => { });
            return await new DistributedTrainer(options, exchange, database, rank == 0 ? checkpoints : null, _ => { }).RunAsync();
        })).ToArray();
        return await Task.WhenAll(ranks);
    }
}
