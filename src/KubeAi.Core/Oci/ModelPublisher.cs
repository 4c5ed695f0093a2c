using KubeAi.Core.AppModel;

namespace KubeAi.Core.Oci;

/// <summary>
/// The publish step for model weights, shared by KubeAi.Build and the CLI: every resource whose
/// <c>model</c> has a <c>source</c> folder is packed and pushed to its <c>image</c>; the result is
/// resource → the reference pinned by digest, for <see cref="Generation.GeneratorOptions.ModelImages"/>.
/// </summary>
public static class ModelPublisher
{
    /// <param name="manifest">The app model.</param>
    /// <param name="baseFolder">What relative <c>source</c> folders are relative to (the manifest's folder).</param>
    /// <param name="log">Receives one line per model.</param>
    public static IReadOnlyDictionary<string, string> PushAll(AppManifest manifest, string baseFolder, Action<string> log)
    {
        var pushed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var models = manifest.Resources.Where(r => r.Settings.Model?.Source is not null).ToList();
        if (models.Count == 0)
        {
            return pushed;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        var registry = new OciRegistryClient(http);
        foreach (var resource in models)
        {
            var model = resource.Settings.Model!;
            var origin = $"{resource.Origin}.deployment.model.source";
            using var artifact = ModelArtifact.Pack(Path.GetFullPath(Path.Combine(baseFolder, model.Source!)), origin);
            var result = registry.PushAsync(artifact, model.Image, origin).GetAwaiter().GetResult();
            log($"model {resource.Name}: {result.PinnedReference} ({artifact.Files} file(s), {(result.LayerUploaded ? "pushed" : "unchanged")})");
            pushed[resource.Name] = result.PinnedReference;
        }

        return pushed;
    }
}
