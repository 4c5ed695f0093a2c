using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;

namespace KubeAi.Build;

/// <summary>
/// Decides whether a project's image must be built again. Image digests change on every SDK
/// publish (the config carries timestamps), so change is judged from our own inputs: the
/// content of the publish folder and every setting that shapes the image.
/// </summary>
public sealed class CheckImageUpToDate : Microsoft.Build.Utilities.Task
{
    [Required]
    public string PublishDirectory { get; set; } = string.Empty;

    /// <summary>Folders inside the publish folder that are KubeAi's own output, not image content.</summary>
    public string[] ExcludeDirectories { get; set; } = [];

    /// <summary>Everything else that shapes the image (repository, tags, base image, user, ...).</summary>
    public string[] Settings { get; set; } = [];

    /// <summary>Where the last build's fingerprint and pinned image are kept.</summary>
    [Required]
    public string StateFile { get; set; } = string.Empty;

    /// <summary>An archive the image must still exist as, in archive mode.</summary>
    public string? ArchivePath { get; set; }

    /// <summary>
    /// Ask the registry whether the recorded image is still there (a wiped or pruned registry must
    /// not leave manifests pinned to a missing digest). Only a definite "not found" rebuilds; an
    /// unreachable or authenticating registry is taken at its word.
    /// </summary>
    public bool VerifyInRegistry { get; set; }

    [Output]
    public string Fingerprint { get; set; } = string.Empty;

    [Output]
    public bool UpToDate { get; set; }

    /// <summary>The pinned image of the last build, when up to date.</summary>
    [Output]
    public string Image { get; set; } = string.Empty;

    public override bool Execute() => TaskErrors.Run(Log, BuildEngine.ProjectFileOfTaskNode, () =>
    {
        Fingerprint = Compute(PublishDirectory, Settings, ExcludeDirectories);
        Log.LogMessage(MessageImportance.Low, $"KubeAi: image inputs {PublishDirectory} + [{string.Join("; ", Settings)}] -> {Fingerprint}");
        if (File.Exists(StateFile) && File.ReadAllLines(StateFile) is [var fingerprint, var image, ..]
            && fingerprint == Fingerprint && image.Length > 0
            && (string.IsNullOrEmpty(ArchivePath) || File.Exists(ArchivePath)))
        {
            UpToDate = true;
            Image = image;
            if (VerifyInRegistry && string.IsNullOrEmpty(ArchivePath) && RegistryLookup.IsMissing(image, out var url))
            {
                Log.LogMessage(MessageImportance.High, $"KubeAi: {image} is no longer in its registry ({url} answered 404); building it again");
                UpToDate = false;
                Image = string.Empty;
            }
        }

        return true;
    });

    internal static string Compute(string publishDirectory, IEnumerable<string> settings, IEnumerable<string>? excludeDirectories = null)
    {
        var excluded = (excludeDirectories ?? [])
            .Where(d => !string.IsNullOrWhiteSpace(d))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + Path.DirectorySeparatorChar)
            .ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var setting in settings)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(setting + "\n"));
        }

        var root = Path.GetFullPath(publishDirectory);
        var files = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !excluded.Any(e => f.StartsWith(e, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file).Replace('\\', '/') + "\0"));
            using var stream = File.OpenRead(file);
            hash.AppendData(SHA256.HashData(stream));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
