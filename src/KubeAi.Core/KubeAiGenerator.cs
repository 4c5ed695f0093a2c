using KubeAi.Core.AppModel;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;

namespace KubeAi.Core;

/// <summary>What one generation run produced, for the adapters' summaries.</summary>
public sealed record GenerationResult(GeneratedApplication Application, WriteResult Write);

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
        var files = KustomizeLayout.Build(application, options.SourceName);
        var write = OutputWriter.Write(outputDirectory, files);
        return new GenerationResult(application, write);
    }
}
