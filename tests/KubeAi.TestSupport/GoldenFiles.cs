namespace KubeAi.TestSupport;

/// <summary>
/// Golden-file comparison of whole folders. Set <c>KUBEAI_UPDATE_GOLDEN=1</c> to rewrite the
/// expected files from the actual ones (then review the diff in git).
/// </summary>
public static class GoldenFiles
{
    public static bool Updating => Environment.GetEnvironmentVariable("KUBEAI_UPDATE_GOLDEN") == "1";

    /// <summary>Compares every file under <paramref name="actualDirectory"/> with <paramref name="goldenDirectory"/>; returns the differences.</summary>
    public static IReadOnlyList<string> Compare(string actualDirectory, string goldenDirectory, Func<string, bool>? include = null)
    {
        include ??= _ => true;
        var actual = Files(actualDirectory, include);
        if (Updating)
        {
            if (Directory.Exists(goldenDirectory))
            {
                Directory.Delete(goldenDirectory, recursive: true);
            }

            foreach (var (relative, content) in actual)
            {
                var target = Path.Combine(goldenDirectory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, content);
            }

            return [];
        }

        return Difference(actualDirectory, goldenDirectory, include);
    }

    /// <summary>Every file that is missing, unexpected or different between two folders, byte for byte.</summary>
    public static IReadOnlyList<string> Difference(string actualDirectory, string expectedDirectory, Func<string, bool>? include = null)
    {
        include ??= _ => true;
        var actual = Files(actualDirectory, include);
        var expected = Directory.Exists(expectedDirectory) ? Files(expectedDirectory, include) : new SortedDictionary<string, string>();
        var differences = new List<string>();
        foreach (var relative in expected.Keys.Except(actual.Keys))
        {
            differences.Add($"missing: {relative}");
        }

        foreach (var relative in actual.Keys.Except(expected.Keys))
        {
            differences.Add($"unexpected: {relative}");
        }

        foreach (var relative in actual.Keys.Intersect(expected.Keys).Where(k => actual[k] != expected[k]))
        {
            differences.Add($"differs: {relative} (first difference at line {FirstDifferentLine(expected[relative], actual[relative])}); rerun with KUBEAI_UPDATE_GOLDEN=1 if intended");
        }

        return differences;
    }

    private static SortedDictionary<string, string> Files(string directory, Func<string, bool> include) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(include)
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(directory, f))),
        StringComparer.Ordinal);

    private static int FirstDifferentLine(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i])
            {
                return i + 1;
            }
        }

        return Math.Min(e.Length, a.Length) + 1;
    }
}
