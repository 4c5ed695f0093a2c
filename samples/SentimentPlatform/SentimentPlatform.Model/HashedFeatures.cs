using System.Text;

namespace SentimentPlatform.Model;

/// <summary>A sparse feature vector: sorted distinct indices and their values.</summary>
public sealed record FeatureVector(int[] Indices, double[] Values);

/// <summary>
/// Hashed n-gram features ("the hashing trick"): lower-cased word unigrams and bigrams, each hashed
/// (FNV-1a, stable across processes and machines, unlike string.GetHashCode) into one of
/// 2^<see cref="Bits"/> buckets, present-or-absent, then scaled to unit length so long and short
/// sentences weigh alike. No vocabulary to ship: trainer and API compute the same features from text.
/// </summary>
public sealed class HashedFeatures
{
    /// <summary>Creates a featurizer with 2^<paramref name="bits"/> buckets.</summary>
    public HashedFeatures(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 24);
        Bits = bits;
    }

    /// <summary>log2 of the number of buckets.</summary>
    public int Bits { get; }

    /// <summary>The number of buckets (the model's weight count, without the bias).</summary>
    public int Dimension => 1 << Bits;

    /// <summary>Words: runs of letters, digits and apostrophes, lower-cased; everything else separates.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    /// <summary>The features of <paramref name="text"/>; empty text gives an empty vector.</summary>
    public FeatureVector Featurize(string text)
    {
        var tokens = Tokenize(text);
        var buckets = new SortedSet<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            buckets.Add(Bucket("u:" + tokens[i]));
            if (i > 0)
            {
                buckets.Add(Bucket("b:" + tokens[i - 1] + " " + tokens[i]));
            }
        }

        var indices = buckets.ToArray();
        var value = indices.Length == 0 ? 0 : 1 / Math.Sqrt(indices.Length);
        return new FeatureVector(indices, Enumerable.Repeat(value, indices.Length).ToArray());
    }

    private int Bucket(string feature)
    {
        const uint offset = 2166136261, prime = 16777619;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes(feature))
        {
            hash = (hash ^ b) * prime;
        }

        return (int)(hash & (uint)(Dimension - 1));
    }
}
