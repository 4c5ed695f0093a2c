using System.Reflection;
using System.Text;

namespace SentimentPlatform.Model;

/// <summary>One labelled sentence of the data set.</summary>
/// <param name="Source">The file it comes from (<c>amazon_cells</c>, <c>imdb</c>, <c>yelp</c>).</param>
/// <param name="Line">Its 0-based line in that file (what the split is keyed on).</param>
/// <param name="Text">The sentence, trimmed.</param>
/// <param name="Positive">The label: true for 1, false for 0.</param>
public sealed record LabelledSentence(string Source, int Line, string Text, bool Positive);

/// <summary>The training and validation sentences of one fixed split.</summary>
public sealed record SentimentSplit(IReadOnlyList<LabelledSentence> Training, IReadOnlyList<LabelledSentence> Validation);

/// <summary>
/// The UCI "Sentiment Labelled Sentences" data set (Kotzias et al., KDD 2015, CC BY 4.0), embedded
/// in this assembly from <c>samples/SentimentPlatform/data</c> (see DATA.md there for provenance and quirks).
/// </summary>
public static class SentimentData
{
    /// <summary>The three source files, in the order their sentences are listed.</summary>
    public static readonly IReadOnlyList<string> Sources = ["amazon_cells", "imdb", "yelp"];

    /// <summary>Every 5th line (index % 5 == 4) of each file is a validation example.</summary>
    public const int ValidationEvery = 5;

    /// <summary>Reads all 3,000 sentences. Splits on the TAB only: quotes in the IMDb file are text, not CSV quoting.</summary>
    public static IReadOnlyList<LabelledSentence> Load()
    {
        var sentences = new List<LabelledSentence>(3000);
        foreach (var source in Sources)
        {
            sentences.AddRange(Parse(source, ReadResource($"SentimentPlatform.Data.{source}_labelled.txt")));
        }

        return sentences;
    }

    /// <summary>The fixed split of DATA.md: deterministic, the same on every machine.</summary>
    public static SentimentSplit Split(IReadOnlyList<LabelledSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var training = sentences.Where(s => s.Line % ValidationEvery != ValidationEvery - 1).ToList();
        var validation = sentences.Where(s => s.Line % ValidationEvery == ValidationEvery - 1).ToList();
        return new SentimentSplit(training, validation);
    }

    /// <summary>Parses <c>sentence&lt;TAB&gt;label</c> lines (CRLF or LF); a malformed line is an error naming the file and line.</summary>
    public static IEnumerable<LabelledSentence> Parse(string source, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var lines = content.Split('\n');
        var count = lines.Length;
        if (count > 0 && lines[^1].Length == 0)
        {
            count--; // a final newline ends the last line, it does not start another
        }

        for (var i = 0; i < count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var tab = line.LastIndexOf('\t');
            if (tab < 0 || line.IndexOf('\t') != tab)
            {
                throw new InvalidDataException($"{source} line {i + 1}: expected exactly one TAB between sentence and label");
            }

            var label = line[(tab + 1)..];
            if (label is not ("0" or "1"))
            {
                throw new InvalidDataException($"{source} line {i + 1}: label '{label}' is not 0 or 1");
            }

            yield return new LabelledSentence(source, i, line[..tab].Trim(), label == "1");
        }
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the data file {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
