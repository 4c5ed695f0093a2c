using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Infrastructure;

/// <summary>A fresh folder per test, removed when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "kubeai-build-test")
    {
        Path = RepoPaths.NewTempDirectory(prefix);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (creating its folder) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Every file under <paramref name="relative"/>, relative path → content.</summary>
    public SortedDictionary<string, string> ReadTree(string relative = "") => ReadTreeAt(Combine(relative));

    /// <summary>Every file under <paramref name="root"/>, relative path → content.</summary>
    public static SortedDictionary<string, string> ReadTreeAt(string root)
    {
        return new SortedDictionary<string, string>(
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .ToDictionary(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText),
            StringComparer.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not change any result.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
