using SentimentPlatform.Model;

namespace KubeAi.Samples.Tests;

/// <summary>The embedded data set matches its published counts (data/DATA.md), and the split is fixed.</summary>
public sealed class SentimentDataTests
{
    [Fact]
    public void Each_source_has_1000_sentences_500_per_label()
    {
        var sentences = SentimentData.Load();
        Assert.Equal(3000, sentences.Count);
        foreach (var source in SentimentData.Sources)
        {
            var of = sentences.Where(s => s.Source == source).ToList();
            Assert.Equal(1000, of.Count);
            Assert.Equal(500, of.Count(s => s.Positive));
            Assert.All(of, s => Assert.False(string.IsNullOrWhiteSpace(s.Text)));
        }
    }

    [Fact]
    public void Imdb_quotes_are_text_and_trailing_spaces_are_trimmed()
    {
        var imdb = SentimentData.Load().Where(s => s.Source == "imdb").ToList();
        Assert.Equal("A very, very, very slow-moving, aimless movie about a distressed, drifting young man.", imdb[0].Text);
        Assert.Equal(43, imdb.Count(s => s.Text.Contains('"', StringComparison.Ordinal)));
    }

    [Fact]
    public void The_split_is_2400_training_and_600_validation_every_time()
    {
        var first = SentimentData.Split(SentimentData.Load());
        var second = SentimentData.Split(SentimentData.Load());
        Assert.Equal(2400, first.Training.Count);
        Assert.Equal(600, first.Validation.Count);
        Assert.Equal(first.Validation.Select(s => s.Text), second.Validation.Select(s => s.Text));
        Assert.Empty(first.Training.Select(s => (s.Source, s.Line)).Intersect(first.Validation.Select(s => (s.Source, s.Line))));
        Assert.All(SentimentData.Sources, source => Assert.Equal(200, first.Validation.Count(s => s.Source == source)));
    }

    [Theory]
    [InlineData("no tab here\n", "expected exactly one TAB")]
    [InlineData("one\ttwo\t1\n", "expected exactly one TAB")]
    [InlineData("fine\t2\n", "label '2' is not 0 or 1")]
    public void A_malformed_line_is_an_error_naming_the_line(string content, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => SentimentData.Parse("test", "good\t1\r\n" + content).ToList());
        Assert.Contains("test line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
