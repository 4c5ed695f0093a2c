using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace KubeAi.Build;

/// <summary>
/// After the SDK's PublishContainer: forms the pinned reference <c>registry/repository:tag@sha256:…</c>
/// and records it with the inputs' fingerprint, so an unchanged project is not built again.
/// </summary>
public sealed class RecordPublishedImage : Microsoft.Build.Utilities.Task
{
    public string? Registry { get; set; }

    [Required]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The tags the SDK pushed; the first names the image.</summary>
    public string[] Tags { get; set; } = [];

    [Required]
    public string Digest { get; set; } = string.Empty;

    [Required]
    public string Fingerprint { get; set; } = string.Empty;

    [Required]
    public string StateFile { get; set; } = string.Empty;

    [Output]
    public string Image { get; set; } = string.Empty;

    public override bool Execute() => TaskErrors.Run(Log, BuildEngine.ProjectFileOfTaskNode, () =>
    {
        if (!Digest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw new KubeAiException(ErrorCodes.ImageBuildFailed, $"the SDK reported digest '{Digest}' for '{Repository}', not a sha256 digest", BuildEngine.ProjectFileOfTaskNode);
        }

        Image = Pin(Registry, Repository, Tags.FirstOrDefault(), Digest);
        KubernetesValues.RequireImageReference(Image, BuildEngine.ProjectFileOfTaskNode);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(StateFile))!);
        File.WriteAllLines(StateFile, [Fingerprint, Image]);
        return true;
    });

    internal static string Pin(string? registry, string repository, string? tag, string digest) =>
        ImageReference.Create(registry, repository, tag, digest).ToString();
}
