using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>Decides the image of every workload: given by the caller, from the manifest, or named after the project.</summary>
internal static class ImagePlanner
{
    public static IReadOnlyDictionary<string, string> Plan(AppManifest manifest, GeneratorOptions options, List<KubeAiWarning> warnings)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        var defaulted = new List<string>();
        foreach (var resource in manifest.Resources.Where(r => r.IsWorkload))
        {
            if (options.Images.TryGetValue(resource.Name, out var given))
            {
                images[resource.Name] = given;
                continue;
            }

            images[resource.Name] = resource.Kind switch
            {
                ResourceKind.Container => KubernetesValues.RequireImageReference(resource.Image!, $"{resource.Origin}.image"),
                ResourceKind.Project => ProjectImage(resource, options, defaulted),
                ResourceKind.Dockerfile => throw new KubeAiException(
                    ErrorCodes.MissingImage,
                    $"'{resource.Name}' is built from a Dockerfile, which KubeAi does not build; build and push it yourself, then pass --image {resource.Name}=IMAGE",
                    resource.Origin),
                _ => throw new KubeAiException(
                    ErrorCodes.ExecutableNeedsImage,
                    $"'{resource.Name}' is an executable ('{resource.Command}'), which has no image; pass --image {resource.Name}=IMAGE with an image that contains that command, or leave the resource out of the publish",
                    resource.Origin),
            };
        }

        if (defaulted.Count > 0)
        {
            warnings.Add(new KubeAiWarning(ErrorCodes.ImageTagDefaulted, $"no image tag given for {string.Join(", ", defaulted)}; using 'latest' (pass --tag or --image to pin one)"));
        }

        return images;
    }

    private static string ProjectImage(AppResource resource, GeneratorOptions options, List<string> defaulted)
    {
        var repository = KubernetesNames.ForResource(resource.Name, resource.Origin);
        var tag = options.Tag;
        if (tag is null)
        {
            defaulted.Add(resource.Name);
            tag = "latest";
        }

        var image = options.Registry is { Length: > 0 } registry ? $"{registry.TrimEnd('/')}/{repository}:{tag}" : $"{repository}:{tag}";
        return KubernetesValues.RequireImageReference(image, $"registry/tag options for '{resource.Name}'");
    }
}
