using System.Text;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Output;

/// <summary>
/// The <see cref="OutputWriter.IndexFile"/> of an output folder (the files KubeAi generated there, one
/// relative path a line, sorted) or its <see cref="OutputWriter.JournalFile"/> (while a write is under way:
/// the files of the previous run and of the new one, so that a run killed at any moment is finished by the
/// next). Both are files anyone can edit, so they are never trusted: an entry that is not a plain
/// relative path inside the folder, or names a user file (<see cref="IsUserFile"/>), is ignored (a warning),
/// and an index that cannot be read as such a list at all is ignored as a whole (a warning). Ignoring an
/// entry can only leave a file behind; it never removes one. See docs/output-folder.md.
/// </summary>
internal sealed record OutputIndex(bool Exists, IReadOnlyList<string> Entries, IReadOnlyList<KubeAiWarning> Warnings)
{
    /// <summary>Bounds for a hand-edited or corrupted index: beyond them it is ignored as a whole.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public const int MaxEntryLength = 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static OutputIndex Absent { get; } = new(false, [], []);

    /// <summary>
    /// A file name the tool documents as the user's, which it never writes or deletes: every <c>*.env</c> file
    /// (<c>base/secrets.env</c>, <c>base/parameters.env</c>, an environment's own), since env files hold
    /// secret and parameter values; KubeAi only writes their <c>.template</c>s.
    /// </summary>
    public static bool IsUserFile(string relative)
    {
        var name = relative[(relative.LastIndexOf('/') + 1)..];
        return name.EndsWith(".env", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Why <paramref name="relative"/> is not a path KubeAi may write or delete, or null when it is.</summary>
    public static string? Problem(string relative)
    {
        if (relative.Length == 0)
        {
            return "it is empty";
        }

        if (relative.Length > MaxEntryLength)
        {
            return $"it is longer than {MaxEntryLength} characters";
        }

        foreach (var c in relative)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\\' or ':' or '\uFFFD')
            {
                return "it holds a control character, a backslash, a colon or an invalid character";
            }
        }

        if (relative[0] == '/' || Path.IsPathRooted(relative))
        {
            return "it is an absolute path";
        }

        if (relative[0] == '#')
        {
            return "it starts with '#', which marks a comment in the index";
        }

        foreach (var segment in relative.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return "it is not a plain relative path inside the output folder ('.', '..' or an empty segment)";
            }

            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                return "it lies in a .git folder";
            }
        }

        if (relative is OutputWriter.IndexFile or OutputWriter.LockFile or OutputWriter.JournalFile || relative.EndsWith(OutputWriter.StagingSuffix, StringComparison.Ordinal))
        {
            return "it is one of KubeAi's own bookkeeping files";
        }

        if (IsUserFile(relative))
        {
            return "it is a user file (*.env: secret and parameter values)";
        }

        return null;
    }

    /// <summary>Reads and validates the list <paramref name="name"/> (the index or the journal) of <paramref name="root"/>; never throws for what the file holds.</summary>
    public static OutputIndex Read(string root, string name)
    {
        var path = Path.Combine(root, name);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null && !info.Exists)
            {
                return Directory.Exists(path) ? Ignored(name, "it is a folder") : Absent;
            }

            if (info.LinkTarget is not null)
            {
                return Ignored(name, "it is a symbolic link");
            }

            if (info.Length > MaxBytes)
            {
                return Ignored(name, $"it is larger than {MaxBytes / (1024 * 1024)} MiB");
            }

            text = s_strictUtf8.GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            return Ignored(name, "it is not UTF-8 text");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Ignored(name, $"it cannot be read ({Messages.OneLine(ex.Message, 120)})");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Ignored(name, "it holds NUL bytes");
        }

        var lines = text.Split('\n');
        var entries = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rejected = 0;
        string? firstRejected = null;
        string? firstProblem = null;
        foreach (var raw in lines)
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (Problem(line) is { } problem)
            {
                rejected++;
                firstRejected ??= line;
                firstProblem ??= problem;
                continue;
            }

            if (seen.Add(line))
            {
                entries.Add(line);
            }
        }

        IReadOnlyList<KubeAiWarning> warnings = rejected == 0 ? [] :
        [
            new KubeAiWarning(
                ErrorCodes.OutputIndexEntryIgnored,
                $"{name} has {rejected} entr{(rejected == 1 ? "y" : "ies")} KubeAi will not delete, such as '{Messages.OneLine(firstRejected, 80)}' ({firstProblem}); " +
                "those files are left as they are, and the index is rewritten without them"),
        ];
        return new OutputIndex(true, entries, warnings);
    }

    /// <summary>The text of an index or journal: <paramref name="entries"/> sorted, one a line.</summary>
    public static string Format(IEnumerable<string> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries.Order(StringComparer.Ordinal))
        {
            text.Append(entry).Append('\n');
        }

        return text.ToString();
    }

    private static OutputIndex Ignored(string name, string why) => new(
        true,
        [],
        [new KubeAiWarning(ErrorCodes.OutputIndexEntryIgnored, $"{name} is ignored because {why}; no file is removed on its account, and it is rewritten")]);
}
