using System.Collections;
using System.Security.Cryptography;
using System.Text;
using KubeAi.Core.AppModel;

namespace KubeAi.Core.Output;

/// <summary>
/// A SHA-256 over everything a publish stage reads, so the stage runs again exactly when one of its inputs
/// changed (docs/aspire.md, "Incremental publish"): settings, file contents, file stamps of a folder, the
/// configuration-shaped environment variables, and the KubeAi assemblies themselves.
/// </summary>
public sealed class InputFingerprint
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <param name="stage">What the fingerprint is for.</param>
    /// <param name="tool">An assembly of the adapter (task, CLI): a rebuilt KubeAi, even of the same version, can write different bytes.</param>
    public InputFingerprint(string stage, System.Reflection.Assembly? tool = null)
    {
        Add("stage", stage);
        Add("core", typeof(InputFingerprint).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add("tool", tool?.ManifestModule.ModuleVersionId.ToString());
    }

    public InputFingerprint Add(string name, string? value)
    {
        _hash.AppendData(Encoding.UTF8.GetBytes($"{name}\u001f{value ?? "\u0000"}\u001e"));
        return this;
    }

    /// <summary>A file's content (or its absence).</summary>
    public InputFingerprint AddFile(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return this;
        }

        var full = Path.GetFullPath(path);
        Add("file", full);
        // Only what the readers would read: a FIFO, a device or an over-limit file is left to the reader, which
        // refuses it with its own coded line (hashing it first would block on a FIFO or read without bound).
        if (File.Exists(full) && !InputFiles.IsReadableRegularFile(full))
        {
            Add("unreadable", full);
        }
        else if (File.Exists(full))
        {
            using var stream = File.OpenRead(full);
            _hash.AppendData(SHA256.HashData(stream));
        }
        else
        {
            Add("missing", full);
        }

        return this;
    }

    /// <summary>Every file under a folder by name, size and time written (the build's own notion of change).</summary>
    public InputFingerprint AddFolderStamps(string folder, IEnumerable<string>? excludeDirectories = null)
    {
        Add("folder", Path.GetFullPath(folder));
        _hash.AppendData(Encoding.UTF8.GetBytes(FolderStamps(folder, excludeDirectories)));
        return this;
    }

    public static string FolderStamps(string folder, IEnumerable<string>? excludeDirectories = null, IEnumerable<string>? excludeFiles = null, Func<string, bool>? skipRelative = null)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            return "missing";
        }

        var excluded = (excludeDirectories ?? [])
            .Where(d => !string.IsNullOrWhiteSpace(d))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + Path.DirectorySeparatorChar)
            .ToList();
        var skipped = (excludeFiles ?? []).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !excluded.Any(e => f.StartsWith(e, StringComparison.Ordinal)) && !skipped.Contains(f))
            .Where(f => skipRelative is null || !skipRelative(Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(Path.GetRelativePath(root, file).Replace('\\', '/')).Append('\u001f')
                .Append(info.Length).Append('\u001f').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The environment variables an app host's configuration or KubeAi's parameter sources can read:
    /// hierarchical keys (<c>Parameters__x</c>, <c>ConnectionStrings__x</c>, any <c>A__B</c>) and the
    /// <c>ASPIRE_</c>, <c>KUBEAI_</c>, <c>DOTNET_ENVIRONMENT</c>/<c>ASPNETCORE_ENVIRONMENT</c> ones.
    /// </summary>
    public InputFingerprint AddConfigurationEnvironment()
    {
        var variables = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => ((string)e.Key, e.Value as string))
            .Where(e => IsConfiguration(e.Item1))
            .OrderBy(e => e.Item1, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            Add("env." + name, value);
        }

        return this;
    }

    public static bool IsConfiguration(string name) =>
        name.Contains("__", StringComparison.Ordinal)
        || name.StartsWith("ASPIRE_", StringComparison.OrdinalIgnoreCase)
        || (name.StartsWith("KUBEAI_", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("KUBEAI_TEST_", StringComparison.OrdinalIgnoreCase))
        || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name.Equals("ASPNETCORE_ENVIRONMENT", StringComparison.OrdinalIgnoreCase);

    public string Compute() => Convert.ToHexStringLower(_hash.GetHashAndReset());
}

/// <summary>
/// The record of a stage's last successful run: the fingerprint of its inputs and, for a stage that writes
/// a folder, that folder's file stamps afterwards (so a deleted or edited output file runs the stage again).
/// </summary>
public static class StageStamp
{
    /// <summary>The stamps of <paramref name="outputFolder"/> leave out <paramref name="stampFile"/> when it lies inside.</summary>
    public static bool IsCurrent(string stampFile, string fingerprint, string? outputFolder = null)
    {
        if (!File.Exists(stampFile))
        {
            return false;
        }

        var lines = File.ReadAllText(stampFile).Split('\n', 2);
        return lines[0] == fingerprint && (outputFolder is null || (lines.Length == 2 && lines[1] == OutputSignature(outputFolder, stampFile)));
    }

    public static void Write(string stampFile, string fingerprint, string? outputFolder = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stampFile))!);
        File.WriteAllText(stampFile, fingerprint + "\n" + (outputFolder is null ? string.Empty : OutputSignature(outputFolder, stampFile)));
    }

    /// <summary>The summary line of an up-to-date tree, in the words of a run that found every file unchanged.</summary>
    public static string UpToDateLine(string outputFolder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder));
        var index = Path.Combine(root, OutputWriter.IndexFile);
        var files = File.Exists(index) ? File.ReadAllLines(index).Count(l => l.Length > 0) + 1 : 0;
        return $"KubeAi: manifests in {root} (0 written, {files} unchanged, 0 removed)";
    }

    public static void Delete(string stampFile)
    {
        if (File.Exists(stampFile))
        {
            File.Delete(stampFile);
        }
    }

    // The generated files only: the user's env files (secrets.env, parameters.env: generation never reads them,
    // and the user fills them after a publish) and the writer's lock and journal do not make a tree stale.
    private static string OutputSignature(string folder, string stampFile) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(InputFingerprint.FolderStamps(
            folder,
            excludeFiles: [stampFile],
            skipRelative: relative => OutputIndex.IsUserFile(relative) || relative is OutputWriter.LockFile or OutputWriter.JournalFile))));
}
