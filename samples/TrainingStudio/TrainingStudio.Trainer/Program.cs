using System.Globalization;
using System.Text.Json;

// Trains a small logistic regression on generated data, one epoch at a time, keeping a
// checkpoint after every epoch so an interrupted run resumes where it stopped.
var modelName = Environment.GetEnvironmentVariable("MODEL_NAME") ?? "sentiment-logreg-v1";
var epochs = int.Parse(Environment.GetEnvironmentVariable("TRAIN_EPOCHS") ?? "20", CultureInfo.InvariantCulture);
var checkpointDir = Environment.GetEnvironmentVariable("KUBEAI_CHECKPOINT_DIR");
var rank = Environment.GetEnvironmentVariable("RANK") ?? "0";
var worldSize = Environment.GetEnvironmentVariable("WORLD_SIZE") ?? "1";
Console.WriteLine($"trainer: model={modelName} rank={rank} world_size={worldSize} master={Environment.GetEnvironmentVariable("MASTER_ADDR") ?? "localhost"}:{Environment.GetEnvironmentVariable("MASTER_PORT") ?? "29500"} checkpoint_dir={checkpointDir ?? "(none)"}");

var state = new TrainingState(0, [0.0, 0.0], 0.0);
var checkpoint = checkpointDir is null ? null : Path.Combine(checkpointDir, "checkpoint.json");
if (checkpoint is not null && File.Exists(checkpoint))
{
    state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(checkpoint))!;
    Console.WriteLine($"trainer: resumed from checkpoint at epoch {state.Epoch}");
}

// Deterministic data: label = 1 when 2x - y > 0.
var random = new Random(42);
var data = Enumerable.Range(0, 512).Select(_ =>
{
    var x = random.NextDouble() * 2 - 1;
    var y = random.NextDouble() * 2 - 1;
    return (Features: new[] { x, y }, Label: 2 * x - y > 0 ? 1.0 : 0.0);
}).ToArray();

var weights = state.Weights.ToArray();
var bias = state.Bias;
for (var epoch = state.Epoch + 1; epoch <= epochs; epoch++)
{
    double loss = 0;
    foreach (var (features, label) in data)
    {
        var p = 1 / (1 + Math.Exp(-(weights[0] * features[0] + weights[1] * features[1] + bias)));
        loss += -(label * Math.Log(p + 1e-9) + (1 - label) * Math.Log(1 - p + 1e-9));
        var gradient = p - label;
        weights[0] -= 0.1 * gradient * features[0];
        weights[1] -= 0.1 * gradient * features[1];
        bias -= 0.1 * gradient;
    }

    Console.WriteLine($"trainer: epoch {epoch}/{epochs} loss={loss / data.Length:F4}");
    if (checkpoint is not null)
    {
        Directory.CreateDirectory(checkpointDir!);
        var temp = checkpoint + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new TrainingState(epoch, weights, bias)));
        File.Move(temp, checkpoint, overwrite: true);
    }
}

var accuracy = data.Count(d => (weights[0] * d.Features[0] + weights[1] * d.Features[1] + bias > 0) == (d.Label > 0.5)) / (double)data.Length;
Console.WriteLine($"trainer: done, accuracy={accuracy:F3}");
return accuracy > 0.9 ? 0 : 1;

internal sealed record TrainingState(int Epoch, double[] Weights, double Bias);
