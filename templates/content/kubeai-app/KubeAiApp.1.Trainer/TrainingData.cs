namespace KubeAiApp._1.Trainer;

/// <summary>A few labelled sentences to train on (1 = positive). Replace with your own data set.</summary>
public static class TrainingData
{
    public static IReadOnlyList<(string Text, double Label)> Examples { get; } =
    [
        ("I love this phone, it works great", 1),
        ("Excellent service and very fast delivery", 1),
        ("The food was delicious and the staff were friendly", 1),
        ("Great value, I would buy it again", 1),
        ("Works perfectly, very happy with it", 1),
        ("The best movie I have seen this year", 1),
        ("Highly recommended, a wonderful experience", 1),
        ("Good quality and easy to use", 1),
        ("Amazing sound and the battery lasts long", 1),
        ("I really enjoyed it, well done", 1),
        ("Terrible, it broke after one day", 0),
        ("The worst customer service I have ever had", 0),
        ("Very slow and the screen is awful", 0),
        ("I hate it, a complete waste of money", 0),
        ("Poor quality, it stopped working", 0),
        ("The food was cold and tasteless", 0),
        ("Boring movie, I fell asleep", 0),
        ("Do not buy this, it is broken", 0),
        ("Disappointing and far too expensive", 0),
        ("Bad experience, I will never come back", 0),
    ];
}
