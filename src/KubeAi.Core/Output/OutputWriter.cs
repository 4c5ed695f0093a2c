using System.Text;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Output;

/// <summary>What a write changed.</summary>
public sealed record WriteResult(string Directory, int Written, int Unchanged, int Deleted)
{
    /// <summary>What the user should know about the folder (an index entry that was not trusted, for example).</summary>
    public IReadOnlyList<KubeAiWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Writes a file tree so that reruns are cheap and no interruption or concurrent run can leave it wrong
/// (docs/output-folder.md): one run at a time holds the folder's lock (<see cref="LockFile"/>; others wait
/// up to <see cref="LockTimeoutVariable"/> seconds, then fail with KUBEAI5030); unchanged files are not
/// touched (their timestamps stay); a journal (<see cref="JournalFile"/>) first lists the previous and the new
/// files, then changed files are staged beside their targets and renamed into place, stale files removed,
/// the index written as the new list and the journal deleted. A run killed at any moment leaves a journal
/// (or an index) that names every file it may have written, so the next run removes what it does not
/// generate: it converges to exactly its own tree. The index is never trusted: only plain relative paths inside the folder, never
/// through a symbolic link, and never a user file (<c>*.env</c> such as <c>secrets.env</c>) are deleted.
/// </summary>
public static class OutputWriter
{
    /// <summary>Lists the files of the last run, so stale ones can be removed and nothing else.</summary>
    public const string IndexFile = ".kubeai-files";

    /// <summary>Held (an OS file lock) while a run writes the folder; deleted when the run is done.</summary>
    public const string LockFile = ".kubeai-lock";

    /// <summary>Present only while a run writes (or after one was killed): every file that run may leave, so the next run can finish its work.</summary>
    public const string JournalFile = ".kubeai-journal";

    /// <summary>Seconds a run waits for another run's lock on the folder (0 to 3600; default 60).</summary>
    public const string LockTimeoutVariable = "KUBEAI_OUTPUT_LOCK_TIMEOUT";

    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(60);

    internal const string StagingSuffix = ".kubeai-staging";

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static WriteResult Write(string directory, IReadOnlyDictionary<string, string> files) => Write(directory, files, lockTimeout: null);

    /// <summary>As <see cref="Write(string, IReadOnlyDictionary{string, string})"/>, waiting at most <paramref name="lockTimeout"/> (null: <see cref="LockTimeoutVariable"/> or 60 s) for the folder's lock.</summary>
    public static WriteResult Write(string directory, IReadOnlyDictionary<string, string> files, TimeSpan? lockTimeout)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

        // Every path is checked before anything is touched.
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (relative, content) in files)
        {
            if (OutputIndex.Problem(relative) is { } problem)
            {
                throw new KubeAiException(ErrorCodes.OutputNotWritable, $"refusing to write '{Messages.OneLine(relative, 120)}': {problem}", root);
            }

            all[relative] = content;
        }

        var timeout = lockTimeout ?? OutputLock.TimeoutFromEnvironment();
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeAiException(ErrorCodes.OutputNotWritable, $"cannot write the output: {Messages.OneLine(ex.Message, 200)}", root, ex);
        }

        using var held = OutputLock.Acquire(root, timeout);
        try
        {
            return new Run(root).Write(all);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Whatever step it was, the index or the journal names every file that may be here: the next run finishes.
            throw new KubeAiException(ErrorCodes.OutputNotWritable, $"cannot write the output: {Messages.OneLine(ex.Message, 200)}", root, ex);
        }
    }

    /// <summary>One locked write of one folder.</summary>
    private sealed class Run(string root)
    {
        private readonly HashSet<string> _safeDirectories = new(StringComparer.Ordinal) { root };
        private readonly List<KubeAiWarning> _warnings = [];

        public WriteResult Write(SortedDictionary<string, string> all)
        {
            var indexPath = Path.Combine(root, IndexFile);
            var journalPath = Path.Combine(root, JournalFile);
            DeleteIfFile(indexPath + StagingSuffix);
            DeleteIfFile(journalPath + StagingSuffix);
            var previous = OutputIndex.Read(root, IndexFile);
            var journal = OutputIndex.Read(root, JournalFile);
            _warnings.AddRange(previous.Warnings);
            _warnings.AddRange(journal.Warnings);

            // An interrupted run left its journal: its staged files lie beside the files it lists.
            foreach (var entry in journal.Entries)
            {
                if (Target(entry, forWrite: false) is { } target)
                {
                    DeleteIfFile(target + StagingSuffix);
                }
            }

            var changed = new List<(string Target, byte[] Bytes)>();
            var unchanged = 0;
            try
            {
                foreach (var (relative, content) in all)
                {
                    var target = Target(relative, forWrite: true)!;
                    var bytes = s_utf8.GetBytes(content);
                    if (HasBytes(target, bytes))
                    {
                        unchanged++;
                    }
                    else
                    {
                        changed.Add((target, bytes));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw NotWritable(ex);
            }

            var known = previous.Entries.Union(journal.Entries).ToList();
            var stale = known.Where(e => !all.ContainsKey(e)).ToList();
            var index = s_utf8.GetBytes(OutputIndex.Format(all.Keys));
            var indexCurrent = HasBytes(indexPath, index);
            if (changed.Count == 0 && stale.Count == 0 && indexCurrent && !journal.Exists)
            {
                return Result(0, unchanged + 1, 0);
            }

            try
            {
                // 1. The journal names every file this run may leave behind: the known ones and the new ones.
                WriteAtomically(journalPath, s_utf8.GetBytes(OutputIndex.Format(known.Union(all.Keys))));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw NotWritable(ex);
            }

            // 2. Stage every changed file, then move each into place (a rename: a file is old or new, never half).
            var staged = new List<(string Target, string Staged)>();
            try
            {
                foreach (var (target, bytes) in changed)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    var staging = target + StagingSuffix;
                    staged.Add((target, staging));
                    File.WriteAllBytes(staging, bytes);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // No old file is replaced yet: the previous tree is whole and its index true.
                var clean = true;
                foreach (var (_, staging) in staged)
                {
                    clean &= TryDelete(staging);
                }

                foreach (var (target, _) in staged)
                {
                    RemoveEmptyParents(Path.GetDirectoryName(target)!);
                }

                if (clean && !journal.Exists)
                {
                    TryDelete(journalPath);
                }

                throw NotWritable(ex);
            }

            var deleted = 0;
            var indexWritten = false;
            try
            {
                foreach (var (target, staging) in staged)
                {
                    File.Move(staging, target, overwrite: true);
                }

                // 3. Remove what an earlier run generated and this one does not.
                foreach (var entry in stale)
                {
                    if (Target(entry, forWrite: false) is not { } path)
                    {
                        continue;
                    }

                    if (IsRegularFile(path))
                    {
                        File.Delete(path);
                        deleted++;
                    }
                    else if (Directory.Exists(path) || new FileInfo(path).LinkTarget is not null)
                    {
                        _warnings.Add(new KubeAiWarning(ErrorCodes.OutputIndexEntryIgnored, $"'{Messages.OneLine(entry, 120)}' is listed in {IndexFile} but is not a regular file; it is left as it is"));
                    }

                    RemoveEmptyParents(Path.GetDirectoryName(path)!);
                }

                // 4. The index lists exactly this run's files; then the journal goes.
                if (!indexCurrent)
                {
                    WriteAtomically(indexPath, index);
                    indexWritten = true;
                }

                File.Delete(journalPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The journal stays and lists every file that may be here: the next run finishes the job.
                throw NotWritable(ex);
            }

            return Result(changed.Count + (indexWritten ? 1 : 0), unchanged + (indexWritten ? 0 : 1), deleted);
        }

        private WriteResult Result(int written, int unchanged, int deleted) =>
            new(root, written, unchanged, deleted) { Warnings = _warnings.Distinct().ToList() };

        private KubeAiException NotWritable(Exception ex) =>
            new(ErrorCodes.OutputNotWritable, $"cannot write the output: {Messages.OneLine(ex.Message, 200)}", root, ex);

        /// <summary>
        /// The full path of <paramref name="relative"/> (already a plain relative path), or for a deletion null when
        /// one of its folders is a symbolic link or not a folder: KubeAi never writes or deletes through a link.
        /// </summary>
        private string? Target(string relative, bool forWrite)
        {
            var full = Path.GetFullPath(Path.Combine(root, relative));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return Refuse(relative, "it lies outside the output folder", forWrite);
            }

            var directory = Path.GetDirectoryName(full)!;
            var pending = new Stack<string>();
            while (!_safeDirectories.Contains(directory))
            {
                pending.Push(directory);
                directory = Path.GetDirectoryName(directory)!;
            }

            while (pending.TryPop(out var folder))
            {
                var info = new DirectoryInfo(folder);
                if (info.LinkTarget is not null)
                {
                    return Refuse(relative, $"its folder '{Messages.OneLine(Path.GetRelativePath(root, folder), 80)}' is a symbolic link", forWrite);
                }

                if (!info.Exists)
                {
                    if (File.Exists(folder))
                    {
                        return Refuse(relative, $"'{Messages.OneLine(Path.GetRelativePath(root, folder), 80)}' is a file, not a folder", forWrite);
                    }

                    // Not there yet: nothing below it to delete; a write creates it as a real folder.
                    return full;
                }

                _safeDirectories.Add(folder);
            }

            return full;
        }

        private string? Refuse(string relative, string why, bool forWrite)
        {
            if (forWrite)
            {
                throw new KubeAiException(ErrorCodes.OutputNotWritable, $"refusing to touch '{Messages.OneLine(relative, 120)}': {why}", root);
            }

            _warnings.Add(new KubeAiWarning(ErrorCodes.OutputIndexEntryIgnored, $"'{Messages.OneLine(relative, 120)}' is listed in {IndexFile}, but {why}; it is left as it is"));
            return null;
        }

        // Removes the empty folders from directory up to the root (never the root, never through a link).
        private void RemoveEmptyParents(string directory)
        {
            for (; directory.Length > root.Length && directory.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory)!)
            {
                var info = new DirectoryInfo(directory);
                if (info.LinkTarget is not null)
                {
                    return;
                }

                if (!info.Exists)
                {
                    continue;
                }

                if (info.EnumerateFileSystemInfos().Any())
                {
                    return;
                }

                info.Delete();
            }
        }
    }

    // A new version of a file appears whole or not at all: written beside it, then renamed over it.
    private static void WriteAtomically(string path, byte[] bytes)
    {
        var staging = path + StagingSuffix;
        File.WriteAllBytes(staging, bytes);
        File.Move(staging, path, overwrite: true);
    }

    // One stat per file (the link bit comes from the same lstat): this runs for every file of every run.
    private static bool IsRegularFile(string path) => IsRegularFile(new FileInfo(path));

    private static bool IsRegularFile(FileInfo info) => info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0;

    private static bool HasBytes(string path, byte[] bytes)
    {
        var info = new FileInfo(path);
        return IsRegularFile(info) && info.Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
    }

    private static void DeleteIfFile(string path)
    {
        if (IsRegularFile(path))
        {
            File.Delete(path);
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            DeleteIfFile(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
