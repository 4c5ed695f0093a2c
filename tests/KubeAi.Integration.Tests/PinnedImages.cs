namespace KubeAi.Integration.Tests;

/// <summary>The images (<c>image:</c> values) of a generated tree, distinct and sorted.</summary>
public static class PinnedImages
{
    public static IReadOnlyList<string> In(string tree) =>
        Directory.EnumerateFiles(Path.Combine(tree, "base"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Trim().TrimStart('-').Trim())
            .Where(l => l.StartsWith("image: ", StringComparison.Ordinal))
            .Select(l => l["image: ".Length..].Trim('"', '\''))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
