using SentimentPlatform.Model;

namespace KubeAi.Samples.Tests;

/// <summary>The model's own calculus, checked against finite differences, and learning on the real data.</summary>
public sealed class LogisticRegressionTests
{
    [Fact]
    public void Gradient_matches_central_finite_differences()
    {
        var features = new HashedFeatures(8);
        var batch = SentimentData.Load().Take(40).Select(s => (features.Featurize(s.Text), s.Positive)).ToList();
        var random = new Random(11);
        var parameters = Enumerable.Range(0, features.Dimension + 1).Select(_ => random.NextDouble() - 0.5).ToArray();
        const double l2 = 0.01, h = 1e-6;
        var gradient = new double[parameters.Length];
        LogisticRegression.Objective(parameters, batch, l2, gradient);

        var scratch = new double[parameters.Length];
        var checkedCoordinates = 0;
        foreach (var i in Enumerable.Range(0, parameters.Length).Where(i => i % 7 == 0 || i == parameters.Length - 1))
        {
            var saved = parameters[i];
            parameters[i] = saved + h;
            var plus = LogisticRegression.Objective(parameters, batch, l2, scratch);
            parameters[i] = saved - h;
            var minus = LogisticRegression.Objective(parameters, batch, l2, scratch);
            parameters[i] = saved;
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 + 1e-4 * Math.Abs(numeric), $"coordinate {i}: analytic {gradient[i]}, numeric {numeric}");
            checkedCoordinates++;
        }

        Assert.True(checkedCoordinates > 30);
        Assert.Contains(gradient, g => Math.Abs(g) > 1e-3); // not a check of zeros
    }

    [Fact]
    public async Task Training_on_one_rank_converges_and_beats_the_bar_on_validation()
    {
        var log = new List<string>();
        using var exchange = GradientExchange.Join(0, 1, "localhost", 0, new TrainingOptions().ExchangeLength, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), log.Add);
        var result = await new DistributedTrainer(new TrainingOptions(), exchange, database: null, checkpointDirectory: null, log.Add).RunAsync();

        var losses = log.Where(l => l.Contains(" epoch ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(" global_loss=")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(new TrainingOptions().Epochs, losses.Count);
        Assert.True(losses[^1] < losses[0] * 0.6, $"training loss went from {losses[0]} to {losses[^1]}");
        Assert.True(result.ValidationAccuracy >= SentimentBar.ValidationAccuracy, $"validation accuracy {result.ValidationAccuracy}");
        Assert.Equal(0, result.BytesPerStep); // a world of 1 exchanges nothing
    }

    [Fact]
    public void A_model_survives_serialisation_bit_for_bit()
    {
        var features = new HashedFeatures(6);
        var model = new LogisticRegression(features, Enumerable.Range(0, 65).Select(i => Math.Sin(i)).ToArray());
        var copy = LogisticRegression.Deserialize(model.Serialize());
        Assert.Equal(model.Parameters, copy.Parameters);
        Assert.Equal(6, copy.Features.Bits);
        Assert.Throws<InvalidDataException>(() => LogisticRegression.Deserialize(new byte[12]));
    }

    [Fact]
    public void Features_are_stable_hashed_unigrams_and_bigrams_of_unit_length()
    {
        var features = new HashedFeatures(16);
        var x = features.Featurize("Not good, NOT good.");
        // "not", "good", "not good", "good not": 4 distinct n-grams (repeats count once).
        Assert.Equal(4, x.Indices.Length);
        Assert.Equal(x.Indices.Order(), x.Indices);
        Assert.Equal(1.0, x.Values.Sum(v => v * v), 10);
        Assert.Equal(x.Indices, new HashedFeatures(16).Featurize("not good not good").Indices);
        Assert.Empty(features.Featurize("  ... ").Indices);
    }
}

/// <summary>The validation accuracy the sample promises (README): every trained model must reach it.</summary>
internal static class SentimentBar
{
    public const double ValidationAccuracy = 0.75;
}
