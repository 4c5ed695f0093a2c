using System.Text;
using KubeAi.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>A file <c>kubeai validate</c> could not read as YAML; reported as one line and skipped.</summary>
/// <param name="Source">The file, relative to the validated folder ('/' separated, escaped to one line).</param>
/// <param name="Code">The error code (KUBEAI6001–KUBEAI6008, docs/errors.md).</param>
/// <param name="Message">What is wrong, one line.</param>
public sealed record ManifestFileProblem(string Source, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Source}: {Message}";
}

/// <summary>One file of a tree, parsed once; the schema pass and the linter both read these documents.</summary>
internal sealed record ManifestFile(string Full, string Relative, IReadOnlyList<YamlDocument> Documents);

/// <summary>
/// The YAML files of a folder, each read and parsed once, within <see cref="ManifestLimits"/>. A file that is not a
/// regular file, is too large, is not text, is malformed YAML, nests too deep, expands to too many nodes or is a
/// symbolic link loop becomes one <see cref="ManifestFileProblem"/> instead of an exception; folder symbolic links
/// are followed once each (a link back to a folder already walked is a loop). Files of a Helm chart (a folder with
/// a <c>Chart.yaml</c>) are templates, not YAML, and are not read, nor are folders whose name starts with '.'.
/// </summary>
public sealed class ManifestSet
{
    private static readonly HashSet<string> KustomizationFileNames =
        new(StringComparer.Ordinal) { "kustomization.yaml", "kustomization.yml", "Kustomization" };

    private ManifestSet(string root, IReadOnlyList<ManifestFile> files, IReadOnlyList<ManifestFileProblem> problems)
    {
        Root = root;
        Files = files;
        Problems = problems;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Root { get; }

    /// <summary>The files that could not be read, in path order.</summary>
    public IReadOnlyList<ManifestFileProblem> Problems { get; }

    internal IReadOnlyList<ManifestFile> Files { get; }

    internal static bool IsKustomization(string fileName) => KustomizationFileNames.Contains(fileName);

    /// <summary>Reads every <c>*.yaml</c>/<c>*.yml</c> file (and <c>Kustomization</c>) under <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ManifestSet Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Directory '{directory}' does not exist.");
        }

        var problems = new List<ManifestFileProblem>();
        var candidates = Enumerate(root, problems);
        var files = new List<ManifestFile>();
        foreach (var (full, relative) in candidates.OrderBy(c => c.Relative, StringComparer.Ordinal))
        {
            var file = LoadFile(full, relative, out var problem);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else
            {
                files.Add(file!);
            }
        }

        return new ManifestSet(root, files, problems.OrderBy(p => p.Source, StringComparer.Ordinal).ToList());
    }

    private static bool IsCandidate(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name == "Kustomization";

    private static string Relative(string root, string full) =>
        Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Walks the folder with an explicit stack (no recursion), following each folder link at most once.</summary>
    private static List<(string Full, string Relative)> Enumerate(string root, List<ManifestFileProblem> problems)
    {
        var result = new List<(string, string)>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { Path.TrimEndingDirectorySeparator(root) };
        var pending = new Stack<string>();
        pending.Push(root);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                problems.Add(Problem(Relative(root, folder), ErrorCodes.ManifestUnreadable, $"folder cannot be read: {e.Message}"));
                continue;
            }

            foreach (var entry in entries)
            {
                var relative = Relative(root, entry.FullName);
                if (entry is DirectoryInfo dir)
                {
                    if (dir.Name.StartsWith('.'))
                    {
                        continue; // .git, .kubeai and other tool folders are not manifests
                    }

                    var real = dir.FullName;
                    if (dir.LinkTarget is not null)
                    {
                        try
                        {
                            real = dir.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? real;
                        }
                        catch (IOException e)
                        {
                            problems.Add(Problem(relative, ErrorCodes.ManifestSymlinkLoop, $"symbolic link cannot be resolved: {e.Message}"));
                            continue;
                        }

                        real = Path.TrimEndingDirectorySeparator(Path.GetFullPath(real));
                        var linkPath = Path.TrimEndingDirectorySeparator(dir.FullName);
                        if (visited.Contains(real) || (linkPath + Path.DirectorySeparatorChar).StartsWith(real + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        {
                            problems.Add(Problem(relative, ErrorCodes.ManifestSymlinkLoop, "symbolic link to a folder that is already walked (a loop); not followed"));
                            continue;
                        }
                    }

                    if (visited.Add(Path.TrimEndingDirectorySeparator(real)))
                    {
                        pending.Push(dir.FullName);
                    }

                    continue;
                }

                // A Helm chart's files are templates, not YAML, until `helm template` renders them.
                if (IsCandidate(entry.Name) && !HelmCharts.Contains(root, entry.FullName))
                {
                    result.Add((entry.FullName, relative));
                }
            }
        }

        return result;
    }

    private static ManifestFileProblem Problem(string relative, string code, string message) =>
        new(Messages.OneLine(relative, 300), code, Messages.OneLine(message, 300));

    private static ManifestFile? LoadFile(string full, string relative, out ManifestFileProblem? problem)
    {
        problem = null;
        string text;
        try
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                try
                {
                    _ = info.ResolveLinkTarget(returnFinalTarget: true);
                }
                catch (IOException e)
                {
                    problem = Problem(relative, ErrorCodes.ManifestSymlinkLoop, $"symbolic link cannot be resolved (a loop?): {e.Message}");
                    return null;
                }
            }

            if (!info.Exists)
            {
                problem = Problem(relative, ErrorCodes.ManifestSymlinkLoop, "symbolic link points to nothing");
                return null;
            }

            var type = FileTypes.Of(full);
            if (type is not null and not FileTypes.Regular)
            {
                problem = Problem(relative, ErrorCodes.ManifestNotRegularFile, $"is a {type}, not a regular file; not read");
                return null;
            }

            if (info.Length > ManifestLimits.MaxFileBytes)
            {
                problem = Problem(relative, ErrorCodes.ManifestFileTooLarge, $"{info.Length} bytes, over the limit of {ManifestLimits.MaxFileBytes} bytes (16 MiB)");
                return null;
            }

            var bytes = ReadBounded(full, out var tooLarge);
            if (tooLarge)
            {
                problem = Problem(relative, ErrorCodes.ManifestFileTooLarge, $"grew over the limit of {ManifestLimits.MaxFileBytes} bytes (16 MiB) while being read");
                return null;
            }

            if (!TryDecode(bytes, out text, out var why))
            {
                problem = Problem(relative, ErrorCodes.ManifestNotText, why);
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problem = Problem(relative, ErrorCodes.ManifestUnreadable, $"cannot be read: {e.Message}");
            return null;
        }

        try
        {
            var documents = Parse(text);
            return new ManifestFile(full, relative, documents);
        }
        catch (YamlLimitException e)
        {
            problem = Problem(relative, e.Code, $"{e.Message} (line {e.Start.Line}, column {e.Start.Column})");
            return null;
        }
        catch (YamlException e)
        {
            problem = Problem(relative, ErrorCodes.ManifestMalformedYaml, $"{DescribeParseError(e)} (line {e.Start.Line}, column {e.Start.Column})");
            return null;
        }
    }

    /// <summary>The parser's message, with its cause when that says more.</summary>
    internal static string DescribeParseError(YamlException e) =>
        e.InnerException is { } inner && inner.Message != e.Message ? $"invalid YAML: {e.Message} {inner.Message}" : $"invalid YAML: {e.Message}";

    /// <summary>
    /// Parses a YAML stream within the depth and node limits: the limits are checked on the parser's events, before
    /// YamlDotNet's (recursive) node builder sees them, and alias expansion is measured before anyone walks it.
    /// </summary>
    /// <exception cref="YamlException">Malformed YAML, or a limit exceeded (<see cref="YamlLimitException"/>).</exception>
    internal static IReadOnlyList<YamlDocument> Parse(string text)
    {
        var documents = Parse(text, out var error);
        return error is null ? documents : throw error;
    }

    /// <summary>Parses what it can: the complete documents before the first error, and that error (or null).</summary>
    internal static IReadOnlyList<YamlDocument> Parse(string text, out YamlException? error)
    {
        var stream = new YamlStream();
        error = null;
        try
        {
            stream.Load(new GuardedParser(new Parser(new StringReader(text))));
        }
        catch (YamlException e)
        {
            error = e; // the documents before the broken one stay loaded
        }

        var documents = new List<YamlDocument>(stream.Documents.Count);
        foreach (var document in stream.Documents)
        {
            try
            {
                CheckExpansion(document.RootNode);
            }
            catch (YamlLimitException e)
            {
                error = e;
                break;
            }

            documents.Add(document);
        }

        return documents;
    }

    /// <summary>
    /// Counts the nodes and depth of a document as a walker sees them (aliases expanded), iteratively and memoised
    /// per node, so a "billion laughs" document or an alias cycle is refused in linear time.
    /// </summary>
    private static void CheckExpansion(YamlNode root)
    {
        var size = new Dictionary<YamlNode, (long Nodes, int Depth)>(ReferenceEqualityComparer.Instance);
        var onPath = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(YamlNode Node, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (size.ContainsKey(node))
            {
                continue;
            }

            var children = Children(node);
            if (!expanded)
            {
                if (!onPath.Add(node))
                {
                    throw new YamlLimitException(ErrorCodes.ManifestTooManyNodes, node.Start, "an alias refers to a node that contains it (a cycle)");
                }

                stack.Push((node, true));
                foreach (var child in children)
                {
                    if (onPath.Contains(child))
                    {
                        throw new YamlLimitException(ErrorCodes.ManifestTooManyNodes, child.Start, "an alias refers to a node that contains it (a cycle)");
                    }

                    if (!size.ContainsKey(child))
                    {
                        stack.Push((child, false));
                    }
                }

                continue;
            }

            long nodes = 1;
            var depth = 0;
            foreach (var child in children)
            {
                var (childNodes, childDepth) = size[child];
                nodes = Math.Min(nodes + childNodes, (long)ManifestLimits.MaxNodes + 1);
                depth = Math.Max(depth, childDepth);
            }

            depth += node is YamlScalarNode ? 0 : 1;
            if (nodes > ManifestLimits.MaxNodes)
            {
                throw new YamlLimitException(ErrorCodes.ManifestTooManyNodes, node.Start,
                    $"expands to more than {ManifestLimits.MaxNodes} nodes (aliases are counted each time they are used)");
            }

            if (depth > ManifestLimits.MaxDepth)
            {
                throw new YamlLimitException(ErrorCodes.ManifestTooDeep, node.Start,
                    $"nests deeper than {ManifestLimits.MaxDepth} levels once aliases are expanded");
            }

            onPath.Remove(node);
            size[node] = (nodes, depth);
        }
    }

    private static IEnumerable<YamlNode> Children(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(pair => new[] { pair.Key, pair.Value }),
        YamlSequenceNode sequence => sequence.Children,
        _ => [],
    };

    private static byte[] ReadBounded(string full, out bool tooLarge)
    {
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > ManifestLimits.MaxFileBytes)
            {
                tooLarge = true;
                return [];
            }

            buffer.Write(chunk, 0, read);
        }

        tooLarge = false;
        return buffer.ToArray();
    }

    /// <summary>Strict UTF-8 (or UTF-16 with a byte order mark); a NUL or an invalid sequence means binary.</summary>
    private static bool TryDecode(byte[] bytes, out string text, out string why)
    {
        Encoding encoding = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var skip = 0;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            skip = 3;
        }
        else if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
            skip = 2;
        }
        else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            encoding = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
            skip = 2;
        }

        try
        {
            text = encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            text = string.Empty;
            why = $"is not text (invalid {encoding.WebName} at byte {skip + e.Index}); binary files are not read";
            return false;
        }

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            why = $"is not text (a NUL character at offset {nul}); binary files are not read";
            text = string.Empty;
            return false;
        }

        why = string.Empty;
        return true;
    }

    /// <summary>
    /// Passes a parser's events through, refusing nesting deeper than <see cref="ManifestLimits.MaxDepth"/>, more than
    /// <see cref="ManifestLimits.MaxNodes"/> nodes, and mapping keys that are not plain scalars (Kubernetes YAML is
    /// JSON-shaped; a complex or aliased key would be hashed recursively by the node builder, aliases expanded).
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        private const int Sequence = 0;
        private const int MappingKey = 1;
        private const int MappingValue = 2;
        private readonly Stack<int> frames = new();
        private long nodes;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            var current = inner.Current!;
            switch (current)
            {
                case MappingStart or SequenceStart:
                    NodeStarts(current);
                    if (frames.Count >= ManifestLimits.MaxDepth)
                    {
                        throw new YamlLimitException(ErrorCodes.ManifestTooDeep, current.Start, $"nests deeper than {ManifestLimits.MaxDepth} levels");
                    }

                    frames.Push(current is MappingStart ? MappingKey : Sequence);
                    break;
                case MappingEnd or SequenceEnd:
                    frames.TryPop(out _);
                    break;
                case Scalar or AnchorAlias:
                    NodeStarts(current);
                    break;
            }

            return true;
        }

        private void NodeStarts(ParsingEvent current)
        {
            if (++nodes > ManifestLimits.MaxNodes)
            {
                throw new YamlLimitException(ErrorCodes.ManifestTooManyNodes, current.Start, $"has more than {ManifestLimits.MaxNodes} nodes");
            }

            if (frames.Count == 0 || frames.Peek() == Sequence)
            {
                return;
            }

            var frame = frames.Pop();
            if (frame == MappingKey && current is not Scalar)
            {
                throw new YamlLimitException(ErrorCodes.ManifestMalformedYaml, current.Start,
                    "invalid YAML: a mapping key must be a scalar (Kubernetes YAML has no complex or aliased keys)");
            }

            frames.Push(frame == MappingKey ? MappingValue : MappingKey);
        }
    }
}

/// <summary>A YAML file over one of <see cref="ManifestLimits"/>; <see cref="Code"/> says which.</summary>
internal sealed class YamlLimitException(string code, Mark start, string message) : YamlException(start, start, message)
{
    public string Code { get; } = code;
}
