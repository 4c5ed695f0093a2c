using System.Globalization;
using KubeAiApp._1.Model;
using KubeAiApp._1.Trainer;

// Trains a sentiment model data-parallel: each rank takes every WORLD_SIZE-th example, computes
// its gradient, and the ranks average their gradients over TCP at MASTER_ADDR:MASTER_PORT every
// epoch, so every rank holds the same weights. Rank 0 writes the model to the `models` database.
// The environment contract is KubeAi's (a Job's pods in the cluster, rank 0 of 1 under `dotnet run`).
var rank = ReadInt("RANK", 0);
var worldSize = ReadInt("WORLD_SIZE", 1);
var masterAddress = Environment.GetEnvironmentVariable("MASTER_ADDR") ?? "localhost";
var masterPort = ReadInt("MASTER_PORT", 29500);
var epochs = ReadInt("TRAIN_EPOCHS", 200);
var modelName = Environment.GetEnvironmentVariable("MODEL_NAME") ?? "sentiment";
Console.WriteLine($"trainer: rank={rank} world_size={worldSize} master={masterAddress}:{masterPort} epochs={epochs}");

// SIGTERM (a pod being stopped) ends the process as it is: nothing is stored before the last
// epoch, and the Job's backoff limit runs it again.
var cancellationToken = CancellationToken.None;

var examples = TrainingData.Examples.Select(e => (Features: TextFeatures.Extract(e.Text), e.Label)).ToArray();
var shard = examples.Where((_, i) => i % worldSize == rank).ToArray();
using var averager = await GradientAverager.ConnectAsync(rank, worldSize, masterAddress, masterPort, cancellationToken);

var weights = new double[TextFeatures.Dimensions];
var bias = 0.0;
const double learningRate = 0.5;
for (var epoch = 1; epoch <= epochs; epoch++)
{
    // The gradient of the log loss summed over this rank's shard; the last slot is the bias, then the loss and the count.
    var local = new double[TextFeatures.Dimensions + 3];
    var model = new SentimentModel(weights, bias);
    foreach (var (features, label) in shard)
    {
        var p = model.Probability(features);
        var error = p - label;
        foreach (var feature in features)
        {
            local[feature] += error;
        }

        local[TextFeatures.Dimensions] += error;
        local[TextFeatures.Dimensions + 1] += -(label * Math.Log(p + 1e-12) + (1 - label) * Math.Log(1 - p + 1e-12));
        local[TextFeatures.Dimensions + 2] += 1;
    }

    var total = await averager.SumAsync(local, cancellationToken);
    var count = total[TextFeatures.Dimensions + 2];
    for (var i = 0; i < TextFeatures.Dimensions; i++)
    {
        weights[i] -= learningRate * total[i] / count;
    }

    bias -= learningRate * total[TextFeatures.Dimensions] / count;
    if (rank == 0 && (epoch == 1 || epoch % 50 == 0 || epoch == epochs))
    {
        Console.WriteLine($"trainer: epoch {epoch}/{epochs} loss={total[TextFeatures.Dimensions + 1] / count:F4}");
    }
}

var trained = new SentimentModel(weights, bias);
var accuracy = examples.Count(e => (trained.Probability(e.Features) >= 0.5) == (e.Label > 0.5)) / (double)examples.Length;
Console.WriteLine($"trainer: rank {rank} done, training accuracy={accuracy:F3}");
if (rank != 0)
{
    return 0;
}

// The database may still be starting (a Job's pod can start before the database's), so storing
// is retried for a minute; then the trainer says why it failed and exits 3, never with a crash.
var store = ModelStore.FromConnectionString(Environment.GetEnvironmentVariable("ConnectionStrings__models"));
for (var attempt = 1; ; attempt++)
{
    try
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var id = await store.SaveAsync(modelName, trained, examples.Length, accuracy, worldSize, cancellationToken);
        Console.WriteLine($"trainer: saved model version {id} to the models database");
        return accuracy >= 0.9 ? 0 : 1;
    }
    catch (System.Data.Common.DbException e) when (attempt < 12)
    {
        Console.WriteLine($"trainer: storing the model failed ({e.Message}); retrying in 5 s ({attempt}/12)");
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
    }
    catch (System.Data.Common.DbException e)
    {
        Console.Error.WriteLine($"trainer: cannot store the model in the models database: {e.Message}");
        return 3;
    }
}

static int ReadInt(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
