using System.Diagnostics;
using System.Globalization;

namespace SentimentPlatform.Model;

/// <summary>The trainer's settings (environment variables <c>TRAIN_*</c> of the trainer program).</summary>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="GlobalBatchSize">Sentences per step over all ranks; each rank takes its share, so results do not depend on the world size.</param>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="L2">L2 penalty on the weights.</param>
/// <param name="FeatureBits">log2 of the hashed feature count.</param>
/// <param name="Seed">Seed of the per-epoch shuffle.</param>
/// <param name="StepDelay">A pause after every step: lets a demo (or a test) catch a run in the middle. Zero by default.</param>
public sealed record TrainingOptions(int Epochs = 30, int GlobalBatchSize = 64, double LearningRate = 10.0, double L2 = 1e-5, int FeatureBits = 16, int Seed = 7, TimeSpan StepDelay = default)
{
    /// <summary>The doubles every step exchanges: the gradient sum (weights + bias), the loss sum and the example count.</summary>
    public int ExchangeLength => (1 << FeatureBits) + 3;
}

/// <summary>What a rank did: the last epoch, the validation accuracy, the stored version (rank 0) and the traffic.</summary>
public sealed record TrainingResult(long RunId, int StartEpoch, int Epochs, double ValidationAccuracy, int? ModelVersion, LogisticRegression Model, double BytesPerStep, IReadOnlyList<double> EpochSeconds);

/// <summary>
/// Data-parallel SGD for <see cref="LogisticRegression"/>: each rank holds every world-size-th training
/// sentence, computes the gradient sum of its part of each global batch, and the ranks add those sums
/// through <see cref="GradientExchange"/> before every update, so all ranks apply the same update to the
/// same weights. Rank 0 owns the checkpoint and the run's rows; every rank records its own epoch rows.
/// </summary>
public sealed class DistributedTrainer(TrainingOptions options, GradientExchange exchange, ModelDatabase? database, string? checkpointDirectory, Action<string> log)
{
    /// <summary>Trains to <see cref="TrainingOptions.Epochs"/>, resuming from the checkpoint when there is an unfinished one.</summary>
    public async Task<TrainingResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var rank = exchange.Rank;
        var world = exchange.WorldSize;
        var features = new HashedFeatures(options.FeatureBits);
        var split = SentimentData.Split(SentimentData.Load());
        var shard = split.Training.Where((_, i) => i % world == rank).Select(s => (X: features.Featurize(s.Text), s.Positive)).ToList();
        var model = LogisticRegression.Zero(features);

        // Rank 0 decides where the run starts and tells the others: [start epoch, run id].
        var start = new double[2];
        if (rank == 0)
        {
            var (epoch, runId, resumed) = await StartAsync(model, world, cancellationToken);
            start[0] = epoch;
            start[1] = runId;
            if (resumed is not null)
            {
                Array.Copy(resumed.Parameters, model.Parameters, model.Parameters.Length);
            }
        }

        exchange.Broadcast(start);
        exchange.Broadcast(model.Parameters);
        var startEpoch = (int)start[0];
        var run = (long)start[1];
        log(string.Create(CultureInfo.InvariantCulture, $"trainer: rank {rank}/{world} run {run} shard={shard.Count} sentences, epochs {startEpoch + 1}..{options.Epochs}"));

        var localBatch = Math.Max(1, options.GlobalBatchSize / world);
        var steps = (split.Training.Count + options.GlobalBatchSize - 1) / options.GlobalBatchSize;
        var buffer = new double[options.ExchangeLength];
        var gradientLength = features.Dimension + 1;
        var epochSeconds = new List<double>();
        var accuracy = model.Accuracy(split.Validation);
        long exchangedBefore = exchange.BytesSent + exchange.BytesReceived, stepsDone = 0;
        try
        {
            for (var epoch = startEpoch + 1; epoch <= options.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                var order = Shuffle(shard.Count, options.Seed + epoch * 1000 + rank);
                double localLoss = 0, globalLoss = 0, globalCount = 0;
                for (var step = 0; step < steps; step++)
                {
                    Array.Clear(buffer);
                    var batch = order.Skip(step * localBatch).Take(localBatch).Select(i => shard[i]).ToList();
                    var loss = LogisticRegression.AccumulateLossAndGradient(model.Parameters, batch, buffer.AsSpan(0, gradientLength));
                    localLoss += loss;
                    buffer[gradientLength] = loss;
                    buffer[gradientLength + 1] = batch.Count;
                    exchange.AllReduceSum(buffer);
                    var count = buffer[gradientLength + 1];
                    globalLoss += buffer[gradientLength];
                    globalCount += count;
                    if (count > 0)
                    {
                        var gradient = buffer.AsSpan(0, gradientLength);
                        for (var i = 0; i < gradient.Length; i++)
                        {
                            gradient[i] /= count;
                        }

                        LogisticRegression.AddL2(model.Parameters, options.L2, gradient);
                        for (var i = 0; i < gradient.Length; i++)
                        {
                            model.Parameters[i] -= options.LearningRate * gradient[i];
                        }
                    }

                    stepsDone++;
                    if (options.StepDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(options.StepDelay, cancellationToken);
                    }
                }

                accuracy = model.Accuracy(split.Validation);
                var seconds = clock.Elapsed.TotalSeconds;
                epochSeconds.Add(seconds);
                var bytesPerStep = (exchange.BytesSent + exchange.BytesReceived - exchangedBefore) / (double)Math.Max(1, stepsDone);
                log(string.Create(CultureInfo.InvariantCulture,
                    $"trainer: rank {rank} epoch {epoch}/{options.Epochs} loss={localLoss / Math.Max(1, shard.Count):F4} global_loss={globalLoss / Math.Max(1, globalCount):F4} validation_accuracy={accuracy:F4} seconds={seconds:F3} bytes_per_step={bytesPerStep:F0} (sent {exchange.BytesSent}, received {exchange.BytesReceived} so far)"));
                if (rank == 0 && checkpointDirectory is not null)
                {
                    new TrainingCheckpoint(epoch, run, Finished: false, model).Write(checkpointDirectory);
                }

                if (database is not null)
                {
                    await database.RecordEpochAsync(run, epoch, rank, localLoss / Math.Max(1, shard.Count), accuracy, seconds, cancellationToken);
                }
            }

            int? version = null;
            if (rank == 0)
            {
                if (database is not null)
                {
                    version = await database.AddModelVersionAsync(run, DateTimeOffset.UtcNow, accuracy, model, cancellationToken);
                    await database.FinishRunAsync(run, "completed", DateTimeOffset.UtcNow, cancellationToken);
                }

                if (checkpointDirectory is not null)
                {
                    new TrainingCheckpoint(options.Epochs, run, Finished: true, model).Write(checkpointDirectory);
                }
            }

            var perStep = (exchange.BytesSent + exchange.BytesReceived - exchangedBefore) / (double)Math.Max(1, stepsDone);
            log(string.Create(CultureInfo.InvariantCulture, $"trainer: rank {rank} done run={run} validation_accuracy={accuracy:F4} model_version={version?.ToString(CultureInfo.InvariantCulture) ?? "-"} bytes_per_step={perStep:F0}"));
            return new TrainingResult(run, startEpoch, options.Epochs, accuracy, version, model, perStep, epochSeconds);
        }
        catch (Exception) when (rank == 0 && database is not null && run > 0)
        {
            try
            {
                await database.FinishRunAsync(run, "failed", DateTimeOffset.UtcNow, CancellationToken.None);
            }
            catch (Exception ex)
            {
                log($"trainer: could not mark run {run} failed: {ex.Message}");
            }

            throw;
        }
    }

    private async Task<(int Epoch, long RunId, LogisticRegression? Model)> StartAsync(LogisticRegression model, int world, CancellationToken cancellationToken)
    {
        var checkpoint = checkpointDirectory is null ? null : TrainingCheckpoint.Read(checkpointDirectory);
        if (checkpoint is { Finished: false } && checkpoint.Model.Features.Bits == model.Features.Bits)
        {
            log(string.Create(CultureInfo.InvariantCulture, $"trainer: resumed from checkpoint at epoch {checkpoint.Epoch} (run {checkpoint.RunId})"));
            var runId = checkpoint.RunId;
            if (database is not null && !await database.ResumeRunAsync(checkpoint.RunId, world, cancellationToken))
            {
                runId = await database.StartRunAsync(world, DateTimeOffset.UtcNow, cancellationToken);
                log(string.Create(CultureInfo.InvariantCulture, $"trainer: the database has no run {checkpoint.RunId}; recording the resumed training as run {runId}"));
            }

            return (checkpoint.Epoch, runId, checkpoint.Model);
        }

        var id = database is null ? 0 : await database.StartRunAsync(world, DateTimeOffset.UtcNow, cancellationToken);
        return (0, id, null);
    }

    private static int[] Shuffle(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }
}
