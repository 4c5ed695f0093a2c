using KubeAi.Core.AppModel;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;

namespace KubeAi.Core;

/// <summary>What one generation run produced, for the adapters' summaries.</summary>
public sealed record GenerationResult(GeneratedApplication Application, WriteResult Write)
{
    /// <summary>The layouts that were written.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Kustomize;

    /// <summary>
    /// The summary every publish path prints, one line each, prefixed <c>KubeAi:</c>: workloads and
    /// objects, the image of each workload, where the tree went and what changed, what to fill in.
    /// </summary>
    public IEnumerable<string> SummaryLines()
    {
        yield return $"KubeAi: {Application.Resources.Count} workload(s), {Application.Resources.Sum(r => r.Objects.Count)} object(s) for '{Application.ApplicationName}'";
        foreach (var (resource, image) in Application.Images.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return $"KubeAi:   {resource} -> {image}";
        }

        yield return $"KubeAi: manifests in {Write.Directory} ({Write.Written} written, {Write.Unchanged} unchanged, {Write.Deleted} removed)";
        foreach (var overlay in Application.Overlays)
        {
            yield return $"KubeAi: environment '{overlay.Name}' -> {(Format.HasFlag(OutputFormat.Kustomize) ? $"{OverlayLayout.Folder}/{overlay.Name}" : $"{HelmLayout.Folder}/values-{overlay.Name}.yaml")}";
        }

        if (Application.EnvFileSecretKeys.Count > 0 && Format.HasFlag(OutputFormat.Kustomize))
        {
            yield return $"KubeAi: fill base/secrets.env from base/secrets.env.template ({Application.EnvFileSecretKeys.Count} key(s)) before kubectl apply -k";
        }

        foreach (var overlay in Application.Overlays)
        {
            yield return $"KubeAi: environment '{overlay.Name}': " + (Format.HasFlag(OutputFormat.Kustomize) ? $"overlays/{overlay.Name}" : string.Empty) +
                (Format == OutputFormat.Both ? ", " : string.Empty) + (Format.HasFlag(OutputFormat.Helm) ? $"{HelmLayout.Folder}/values-{overlay.Name}.yaml" : string.Empty);
        }

        if (Application.ParameterKeys.Count > 0 && Format.HasFlag(OutputFormat.Kustomize))
        {
            yield return $"KubeAi: fill base/parameters.env from base/parameters.env.template ({string.Join(", ", Application.ParameterKeys.Select(k => k.Key))}: no value at generation) before kubectl apply -k";
        }

        if (Format.HasFlag(OutputFormat.Helm))
        {
            yield return $"KubeAi: Helm chart in {Path.Combine(Write.Directory, HelmLayout.Folder)}" +
                (Application.EnvFileSecretKeys.Count > 0 ? $"; create the Secret '{Application.SecretName}' before helm install (chart/templates/NOTES.txt)" : string.Empty) +
                (Application.ParameterKeys.Count > 0 ? $"; set {string.Join(", ", Application.ParameterKeys.Select(k => $"parameters.{k.Key}"))} in your values" : string.Empty);
        }
    }
}

/// <summary>
/// The one entry point the adapters (CLI, MSBuild tasks, Aspire publisher) call:
/// manifest in, kustomize tree out. All input errors surface before anything is written.
/// </summary>
public static class KubeAiGenerator
{
    public static GenerationResult GenerateFromFile(string manifestPath, string outputDirectory, GeneratorOptions options)
    {
        var manifest = ManifestReader.ReadFile(manifestPath);
        return Generate(manifest, outputDirectory, options);
    }

    public static GenerationResult Generate(AppManifest manifest, string outputDirectory, GeneratorOptions options)
    {
        var application = ApplicationGenerator.Generate(manifest, options);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (options.Format.HasFlag(OutputFormat.Kustomize))
        {
            foreach (var (path, content) in KustomizeLayout.Build(application, options.SourceName))
            {
                files[path] = content;
            }

            foreach (var (path, content) in OverlayLayout.Build(application, options.SourceName))
            {
                files[path] = content;
            }
        }

        if (options.Format.HasFlag(OutputFormat.Helm))
        {
            foreach (var (path, content) in HelmLayout.Build(application, options.SourceName))
            {
                files[path] = content;
            }
        }

        var write = OutputWriter.Write(outputDirectory, files);

        // What the writer found in the folder (an index entry it would not trust) reaches every adapter with the rest.
        if (write.Warnings.Count > 0)
        {
            application = application with { Warnings = [.. application.Warnings, .. write.Warnings] };
        }

        return new GenerationResult(application, write) { Format = options.Format };
    }
}
