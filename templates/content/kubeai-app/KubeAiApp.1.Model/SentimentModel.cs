namespace KubeAiApp._1.Model;

/// <summary>A logistic regression over <see cref="TextFeatures"/>: what the trainer learns and the API serves.</summary>
public sealed class SentimentModel
{
    public SentimentModel(double[] weights, double bias)
    {
        if (weights.Length != TextFeatures.Dimensions)
        {
            throw new ArgumentException($"expected {TextFeatures.Dimensions} weights, got {weights.Length}", nameof(weights));
        }

        Weights = weights;
        Bias = bias;
    }

    public double[] Weights { get; }

    public double Bias { get; }

    /// <summary>The probability that <paramref name="features"/> are positive.</summary>
    public double Probability(IReadOnlyList<int> features)
    {
        var z = Bias;
        foreach (var feature in features)
        {
            z += Weights[feature];
        }

        return 1.0 / (1.0 + Math.Exp(-z));
    }

    public double Probability(string text) => Probability(TextFeatures.Extract(text));
}
