using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>Warnings about the 2026 features (docs/kubernetes-2026.md).</summary>
public static partial class ApplicationGenerator
{
    private static IEnumerable<KubeAiWarning> Kubernetes2026Warnings(AppManifest manifest, GeneratorOptions options)
    {
        foreach (var resource in manifest.Resources.Where(r => r.Settings.Model is not null))
        {
            var model = resource.Settings.Model!;
            var reference = options.ModelImages.TryGetValue(resource.Name, out var pushed) ? pushed : model.Image;
            if (!ModelImages.IsPinned(reference))
            {
                yield return new KubeAiWarning(
                    ErrorCodes.InvalidModelImage,
                    $"model image '{reference}' of '{resource.Name}' is not pinned by digest: pods may mount different weights after a push; publish it with KubeAiPublishModels or give @sha256:…");
            }
        }

        foreach (var name in options.ModelImages.Keys.Where(n => !manifest.ByName.TryGetValue(n, out var r) || r.Settings.Model is null))
        {
            throw new KubeAiException(ErrorCodes.InvalidModelImage, $"a pushed model image was given for '{name}', which has no model (WithModel)", $"model image option {name}");
        }
    }
}
