namespace TrainingStudio.Api;

/// <summary>
/// A small bag-of-words logistic regression: enough of a model to serve real predictions
/// without downloading weights.
/// </summary>
public sealed class SentimentModel
{
    private static readonly Dictionary<string, double> s_weights = new(StringComparer.OrdinalIgnoreCase)
    {
        ["good"] = 1.8, ["great"] = 2.2, ["excellent"] = 2.6, ["love"] = 2.0, ["fast"] = 0.9, ["happy"] = 1.5,
        ["bad"] = -1.9, ["terrible"] = -2.6, ["slow"] = -1.1, ["hate"] = -2.2, ["broken"] = -1.7, ["sad"] = -1.4,
    };

    private const double Bias = 0.1;

    public SentimentModel(string name) => Name = name;

    public string Name { get; }

    public Prediction Predict(string text)
    {
        var tokens = text.Split([' ', ',', '.', '!', '?', ';', ':'], StringSplitOptions.RemoveEmptyEntries);
        var z = Bias + tokens.Sum(t => s_weights.GetValueOrDefault(t));
        var probability = 1.0 / (1.0 + Math.Exp(-z));
        return new Prediction(probability >= 0.5 ? "positive" : "negative", Math.Round(probability, 4), Name);
    }
}

public sealed record Prediction(string Label, double Score, string Model);

public sealed record PredictRequest(string Text);
