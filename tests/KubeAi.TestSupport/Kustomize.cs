using KubeAi.Core.Output;

namespace KubeAi.TestSupport;

/// <summary>Renders a generated tree with the real <c>kubectl kustomize</c>.</summary>
public static class Kustomize
{
    /// <summary>The pinned kubectl that build/kube-tools.sh installs, else the one on PATH.</summary>
    public static string Kubectl => KubeTools.Find("kubectl");

    /// <summary>The value <see cref="Render"/> gives every key of a deploy-time input file.</summary>
    public const string FilledValue = "test-value";

    /// <summary>
    /// Fills <c>secrets.env</c> and <c>parameters.env</c> from their templates with placeholder values (as a user
    /// would) and renders <paramref name="kustomizationDirectory"/>; returns the rendered YAML.
    /// </summary>
    public static string Render(string kustomizationDirectory)
    {
        var kubectl = Kubectl;
        var templates = new[] { KustomizeLayout.SecretsFile, KustomizeLayout.ParametersFile }
            .SelectMany(file => Directory.EnumerateFiles(kustomizationDirectory, file + ".template", SearchOption.AllDirectories));
        foreach (var template in templates)
        {
            var filled = File.ReadAllLines(template).Select(l => l.EndsWith('=') && !l.StartsWith('#') ? l + FilledValue : l);
            File.WriteAllLines(template[..^".template".Length], filled);
        }

        var result = ProcessRunner.Run(kubectl, ["kustomize", kustomizationDirectory], timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {kustomizationDirectory} failed ({result.ExitCode}): {result.StdErr}");
        }

        return result.StdOut;
    }

    /// <summary>
    /// Renders a copy of the generated tree <paramref name="treeDirectory"/> (its <c>base</c>
    /// folder), so filling the input files leaves the generated tree exactly as it was written.
    /// </summary>
    public static string RenderCopy(string treeDirectory)
    {
        var copy = RepoPaths.NewTempDirectory("kubeai-render");
        foreach (var file in Directory.EnumerateFiles(treeDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(treeDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return Render(Path.Combine(copy, "base"));
    }
}
