using k8s.Models;
using KubeAi.Core.AppModel;

namespace KubeAi.Core.Generation;

/// <summary>
/// Model weights as an image volume: the OCI artifact is pulled by the kubelet and mounted
/// read-only, so the app image stays small and one model artifact serves every replica. The
/// reference is the one the publish step pushed (pinned by digest) when there is one.
/// </summary>
internal static class ModelImages
{
    public const string VolumeName = "model";

    /// <summary>The reference pods mount: the pushed, pinned one, else the manifest's.</summary>
    public static string Reference(WorkloadParts parts, ModelImageSettings model) =>
        parts.Context.Options.ModelImages.TryGetValue(parts.Resource.Name, out var pushed) ? pushed : model.Image;

    public static void Apply(WorkloadParts parts)
    {
        if (parts.Settings.Model is not { } model)
        {
            return;
        }

        var reference = Reference(parts, model);
        parts.AddVolume(
            new V1Volume
            {
                Name = VolumeName,
                Image = new V1ImageVolumeSource
                {
                    Reference = reference,
                    // A digest never changes: pull once per node. A tag may move: ask the registry each time.
                    PullPolicy = model.PullPolicy ?? (IsPinned(reference) ? "IfNotPresent" : "Always"),
                },
            },
            model.MountPath,
            readOnly: true);
    }

    public static bool IsPinned(string reference) => ImageReference.Parse(reference).Digest?.StartsWith("sha256:", StringComparison.Ordinal) == true;
}
