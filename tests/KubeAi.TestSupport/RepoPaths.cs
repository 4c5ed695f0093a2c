namespace KubeAi.TestSupport;

/// <summary>Locations in the repository and beside it, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KubeAi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KubeAi.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    public static string TestData => Path.Combine(Root, "tests", "testdata");

    public static string Manifest(string name) => Path.Combine(TestData, "manifests", name, "aspire-manifest.json");

    public static string Golden => Path.Combine(TestData, "golden");

    /// <summary>A fresh, empty folder under the system temp folder.</summary>
    public static string NewTempDirectory(string prefix = "kubeai-test")
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
