namespace KubeAi.Validation;

/// <summary>
/// A Helm chart's files are templates, not manifests, until <c>helm template</c> renders them:
/// validation passes over any folder below the one validated that holds a <c>Chart.yaml</c>.
/// </summary>
internal static class HelmCharts
{
    public static bool Contains(string root, string file)
    {
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(file)); dir is not null && dir.Length >= rootFull.Length; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Chart.yaml")))
            {
                return true;
            }
        }

        return false;
    }
}
