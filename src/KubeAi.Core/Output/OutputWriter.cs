using System.Text;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Output;

/// <summary>What a write changed.</summary>
public sealed record WriteResult(string Directory, int Written, int Unchanged, int Deleted);

/// <summary>
/// Writes a file tree so that reruns are cheap and failures are harmless: unchanged files are
/// not touched (their timestamps stay), changed files are staged beside their target and moved
/// into place only once all of them are staged, and files an earlier run generated but this one
/// does not are removed. Files KubeAi did not generate (such as <c>secrets.env</c>) are never touched.
/// </summary>
public static class OutputWriter
{
    /// <summary>Lists the files of the last run, so stale ones can be removed and nothing else.</summary>
    public const string IndexFile = ".kubeai-files";

    private const string StagingSuffix = ".kubeai-staging";
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static WriteResult Write(string directory, IReadOnlyDictionary<string, string> files)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var all = new SortedDictionary<string, string>(files.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal)
        {
            [IndexFile] = string.Join('\n', files.Keys.Order(StringComparer.Ordinal)) + "\n",
        };

        var previous = ReadIndex(root);
        var changed = new List<(string Target, string Staged)>();
        var unchanged = 0;
        try
        {
            foreach (var (relative, content) in all)
            {
                var target = Resolve(root, relative);
                var bytes = s_utf8.GetBytes(content);
                if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
                {
                    unchanged++;
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var staged = target + StagingSuffix;
                File.WriteAllBytes(staged, bytes);
                changed.Add((target, staged));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            foreach (var (_, staged) in changed)
            {
                TryDelete(staged);
            }

            throw new KubeAiException(ErrorCodes.OutputNotWritable, $"cannot write the output: {ex.Message}", root, ex);
        }

        foreach (var (target, staged) in changed)
        {
            File.Move(staged, target, overwrite: true);
        }

        var deleted = 0;
        foreach (var stale in previous.Where(p => !all.ContainsKey(p)))
        {
            var path = Resolve(root, stale);
            if (File.Exists(path))
            {
                File.Delete(path);
                deleted++;
                RemoveEmptyParents(root, Path.GetDirectoryName(path)!);
            }
        }

        return new WriteResult(root, changed.Count, unchanged, deleted);
    }

    private static IReadOnlyList<string> ReadIndex(string root)
    {
        var index = Path.Combine(root, IndexFile);
        return File.Exists(index)
            ? File.ReadAllLines(index).Where(l => l.Length > 0).ToList()
            : [];
    }

    // Keeps every write inside the output folder, whatever a (corrupted) index says.
    private static string Resolve(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new KubeAiException(ErrorCodes.OutputNotWritable, $"refusing to touch '{relative}', which lies outside the output folder", root);
        }

        return full;
    }

    private static void RemoveEmptyParents(string root, string directory)
    {
        while (directory.Length > root.Length && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            directory = Path.GetDirectoryName(directory)!;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a staging file left behind is harmless and overwritten next run.
        }
    }
}
