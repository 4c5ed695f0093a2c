using System.Globalization;
using System.Text.Json;

// A distributed training job of two workers: each rank trains a logistic regression on its shard
// of generated data, checkpointing after every epoch so a retried pod resumes where it stopped.
var rank = int.Parse(Environment.GetEnvironmentVariable("RANK") ?? Environment.GetEnvironmentVariable("PET_NODE_RANK") ?? "0", CultureInfo.InvariantCulture);
var worldSize = int.Parse(Environment.GetEnvironmentVariable("WORLD_SIZE") ?? Environment.GetEnvironmentVariable("PET_NNODES") ?? "1", CultureInfo.InvariantCulture);
var epochs = int.Parse(Environment.GetEnvironmentVariable("TRAIN_EPOCHS") ?? "10", CultureInfo.InvariantCulture);
var checkpointDir = Environment.GetEnvironmentVariable("KUBEAI_CHECKPOINT_DIR");
Console.WriteLine($"trainer: rank={rank} world_size={worldSize} master={Environment.GetEnvironmentVariable("MASTER_ADDR") ?? "localhost"}:{Environment.GetEnvironmentVariable("MASTER_PORT") ?? "29500"}");

var checkpoint = checkpointDir is null ? null : Path.Combine(checkpointDir, $"rank-{rank}.json");
var state = checkpoint is not null && File.Exists(checkpoint)
    ? JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(checkpoint))!
    : new TrainingState(0, 0, 0, 0);

var random = new Random(42 + rank);
var shard = Enumerable.Range(0, 256).Select(_ =>
{
    var x = random.NextDouble() * 2 - 1;
    var y = random.NextDouble() * 2 - 1;
    return (X: x, Y: y, Label: 2 * x - y > 0 ? 1.0 : 0.0);
}).ToArray();

var (wx, wy, bias) = (state.Wx, state.Wy, state.Bias);
for (var epoch = state.Epoch + 1; epoch <= epochs; epoch++)
{
    foreach (var (x, y, label) in shard)
    {
        var gradient = 1 / (1 + Math.Exp(-(wx * x + wy * y + bias))) - label;
        wx -= 0.1 * gradient * x;
        wy -= 0.1 * gradient * y;
        bias -= 0.1 * gradient;
    }

    if (checkpoint is not null)
    {
        Directory.CreateDirectory(checkpointDir!);
        File.WriteAllText(checkpoint, JsonSerializer.Serialize(new TrainingState(epoch, wx, wy, bias)));
    }
}

var accuracy = shard.Count(p => (wx * p.X + wy * p.Y + bias > 0) == (p.Label > 0.5)) / (double)shard.Length;
Console.WriteLine($"trainer: rank {rank} done, accuracy={accuracy:F3}");
return accuracy > 0.9 ? 0 : 1;

internal sealed record TrainingState(int Epoch, double Wx, double Wy, double Bias);
