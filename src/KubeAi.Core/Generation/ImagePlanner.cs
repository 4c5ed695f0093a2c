using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>Decides the image of every workload: given by the caller, from the manifest, or named after the project.</summary>
internal static class ImagePlanner
{
    public static IReadOnlyDictionary<string, string> Plan(AppManifest manifest, GeneratorOptions options, IReadOnlySet<string> external, List<KubeAiWarning> warnings)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        var defaulted = new List<string>();
        foreach (var resource in manifest.Resources.Where(r => r.IsWorkload && !external.Contains(r.Name)))
        {
            if (options.Images.TryGetValue(resource.Name, out var given))
            {
                images[resource.Name] = given;
                continue;
            }

            images[resource.Name] = resource.Kind switch
            {
                ResourceKind.Container => ContainerImage(resource, warnings),
                ResourceKind.Project => ProjectImage(resource, manifest, options, defaulted),
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
            warnings.Add(new KubeAiWarning(ErrorCodes.ImageTagDefaulted, $"no image tag given for {string.Join(", ", defaulted)}; using each project's version as the SDK tags its image (pass --tag or KubeAiImageTag to choose one)"));
        }

        if (options.Tag is "latest")
        {
            warnings.Add(new KubeAiWarning(ErrorCodes.LatestImageTag, "the image tag given is 'latest', which names a different image after every push: pods of one Deployment may run different code; pin a version"));
        }

        return images;
    }

    /// <summary>A container's image as the app model names it; <c>latest</c> (or no tag) is kept, with a warning.</summary>
    private static string ContainerImage(AppResource resource, List<KubeAiWarning> warnings)
    {
        var image = KubernetesValues.RequireImageReference(resource.Image!, $"{resource.Origin}.image");
        var parsed = ImageReference.Parse(image);
        if (!parsed.IsPinned && parsed.Tag is null or "latest")
        {
            warnings.Add(new KubeAiWarning(ErrorCodes.LatestImageTag, $"'{resource.Name}' runs image '{image}', which is 'latest': a node may pull different code on every restart; pin a tag in the app model"));
        }

        return image;
    }

    private static string ProjectImage(AppResource resource, AppManifest manifest, GeneratorOptions options, List<string> defaulted)
    {
        var repository = KubernetesNames.ForResource(resource.Name, resource.Origin);
        var tag = options.Tag;
        if (tag is null)
        {
            defaulted.Add(resource.Name);
            var project = resource.ProjectPath is { } path && manifest.BaseDirectory is { } baseDirectory ? Path.Combine(baseDirectory, path) : null;
            tag = ProjectVersion.ImageTag(project);
        }

        var image = ImageReference.Create(options.Registry, repository, tag).ToString();
        return KubernetesValues.RequireImageReference(image, $"registry/tag options for '{resource.Name}'");
    }
}
