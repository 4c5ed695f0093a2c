using System.Buffers.Binary;

namespace SentimentPlatform.Model;

/// <summary>
/// Binary logistic regression over hashed features, with its loss and gradient written out here
/// (no ML library): p = σ(w·x + b), loss = −[y log p + (1−y) log(1−p)], ∂loss/∂w = (p − y) x,
/// ∂loss/∂b = p − y. The parameter vector is the weights followed by the bias.
/// </summary>
public sealed class LogisticRegression
{
    private const int Magic = 0x31524C53; // "SLR1": sentiment logistic regression, format 1

    /// <summary>A model with the given parameters (weights then bias), length 2^bits + 1.</summary>
    public LogisticRegression(HashedFeatures features, double[] parameters)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length != features.Dimension + 1)
        {
            throw new ArgumentException($"expected {features.Dimension + 1} parameters, got {parameters.Length}", nameof(parameters));
        }

        Features = features;
        Parameters = parameters;
    }

    /// <summary>The featurizer the weights belong to.</summary>
    public HashedFeatures Features { get; }

    /// <summary>Weights (one per bucket) followed by the bias.</summary>
    public double[] Parameters { get; }

    /// <summary>A zero model: predicts 0.5 for everything.</summary>
    public static LogisticRegression Zero(HashedFeatures features) => new(features, new double[features.Dimension + 1]);

    /// <summary>The probability that <paramref name="text"/> is positive.</summary>
    public double Predict(string text) => Probability(Parameters, Features.Featurize(text));

    /// <summary>σ(w·x + b).</summary>
    public static double Probability(ReadOnlySpan<double> parameters, FeatureVector x)
    {
        var z = parameters[^1];
        for (var i = 0; i < x.Indices.Length; i++)
        {
            z += parameters[x.Indices[i]] * x.Values[i];
        }

        return Sigmoid(z);
    }

    /// <summary>The logistic function, computed so neither branch overflows.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>
    /// Adds the summed cross-entropy gradient of <paramref name="batch"/> to <paramref name="gradientSum"/>
    /// and returns the summed loss: sums, not means, so shards of different sizes can be added across ranks
    /// and divided once by the total count.
    /// </summary>
    public static double AccumulateLossAndGradient(ReadOnlySpan<double> parameters, IReadOnlyList<(FeatureVector X, bool Positive)> batch, Span<double> gradientSum)
    {
        ArgumentNullException.ThrowIfNull(batch);
        double loss = 0;
        foreach (var (x, positive) in batch)
        {
            var p = Probability(parameters, x);
            var y = positive ? 1.0 : 0.0;
            // log(p) computed from the margin would be more exact; clamping keeps log(0) out.
            const double epsilon = 1e-12;
            loss -= y * Math.Log(Math.Max(p, epsilon)) + (1 - y) * Math.Log(Math.Max(1 - p, epsilon));
            var error = p - y;
            for (var i = 0; i < x.Indices.Length; i++)
            {
                gradientSum[x.Indices[i]] += error * x.Values[i];
            }

            gradientSum[^1] += error;
        }

        return loss;
    }

    /// <summary>
    /// The training objective J = mean cross-entropy + l2/2 ‖w‖² (bias not regularised) and its
    /// gradient (overwritten into <paramref name="gradient"/>). What the gradient check differentiates.
    /// </summary>
    public static double Objective(ReadOnlySpan<double> parameters, IReadOnlyList<(FeatureVector X, bool Positive)> batch, double l2, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(batch);
        gradient.Clear();
        var loss = AccumulateLossAndGradient(parameters, batch, gradient);
        var n = Math.Max(1, batch.Count);
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] /= n;
        }

        var penalty = AddL2(parameters, l2, gradient);
        return loss / n + penalty;
    }

    /// <summary>Adds l2·w to the weight gradient and returns l2/2 ‖w‖² (the bias is left alone).</summary>
    public static double AddL2(ReadOnlySpan<double> parameters, double l2, Span<double> gradient)
    {
        double squares = 0;
        for (var i = 0; i < parameters.Length - 1; i++)
        {
            squares += parameters[i] * parameters[i];
            gradient[i] += l2 * parameters[i];
        }

        return l2 / 2 * squares;
    }

    /// <summary>The share of <paramref name="sentences"/> whose predicted label (p ≥ 0.5) is right.</summary>
    public double Accuracy(IReadOnlyList<LabelledSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var right = sentences.Count(s => Predict(s.Text) >= 0.5 == s.Positive);
        return sentences.Count == 0 ? 0 : (double)right / sentences.Count;
    }

    /// <summary>The model as bytes (what model_versions.model holds): magic, feature bits, parameters, little-endian.</summary>
    public byte[] Serialize()
    {
        var bytes = new byte[8 + Parameters.Length * 8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Features.Bits);
        for (var i = 0; i < Parameters.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 + i * 8), Parameters[i]);
        }

        return bytes;
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote.</summary>
    public static LogisticRegression Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException("not a serialised sentiment model (bad magic)");
        }

        var features = new HashedFeatures(BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]));
        if (bytes.Length != 8 + (features.Dimension + 1) * 8)
        {
            throw new InvalidDataException($"a model with {features.Bits} feature bits has {8 + (features.Dimension + 1) * 8} bytes, not {bytes.Length}");
        }

        var parameters = new double[features.Dimension + 1];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 + i * 8)..]);
        }

        return new LogisticRegression(features, parameters);
    }
}
