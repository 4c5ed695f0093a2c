using System.Text;

namespace KubeAiApp._1.Model;

/// <summary>
/// Turns text into hashed unigram and bigram counts. A fixed FNV-1a hash (not
/// <see cref="string.GetHashCode()"/>, which differs per process) so the trainer and the API agree.
/// </summary>
public static class TextFeatures
{
    /// <summary>Number of hash buckets: the length of every weight vector.</summary>
    public const int Dimensions = 1 << 12;

    private static readonly char[] s_separators = [' ', '\t', '\n', '\r', ',', '.', '!', '?', ';', ':', '"', '(', ')'];

    /// <summary>The bucket indexes of <paramref name="text"/>'s unigrams and bigrams (repeats count twice).</summary>
    public static IReadOnlyList<int> Extract(string text)
    {
        var tokens = text.ToLowerInvariant().Split(s_separators, StringSplitOptions.RemoveEmptyEntries);
        var features = new List<int>(tokens.Length * 2);
        for (var i = 0; i < tokens.Length; i++)
        {
            features.Add(Bucket(tokens[i]));
            if (i > 0)
            {
                features.Add(Bucket(tokens[i - 1] + " " + tokens[i]));
            }
        }

        return features;
    }

    private static int Bucket(string token)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(token))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % Dimensions);
    }
}
