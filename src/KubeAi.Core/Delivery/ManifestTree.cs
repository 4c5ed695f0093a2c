using System.Text;
using KubeAi.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeAi.Core.Delivery;

/// <summary>One YAML document of a tree: a Kubernetes object, a kustomization, a values file.</summary>
/// <param name="Key">What identifies it across two trees: <c>apiVersion kind namespace/name</c>, else its file (and index).</param>
/// <param name="File">The file it is in, relative to the tree, with '/'.</param>
/// <param name="Content">Maps (ordinal keys), lists and scalar texts.</param>
public sealed record TreeDocument(string Key, string File, object? Content)
{
    /// <summary>Whether this is a Secret, whose data values are never shown.</summary>
    public bool IsSecret => Content is IReadOnlyDictionary<string, object?> map && map.TryGetValue("kind", out var kind) && kind is Scalar { Value: "Secret" };
}

/// <summary>A file compared as a whole (Helm templates, env-file templates, NOTES.txt): its path and content hash.</summary>
public sealed record TreeFile(string File, string Content);

/// <summary>A scalar as it appears in the file.</summary>
public sealed record Scalar(string Value, bool Quoted)
{
    public override string ToString() => Value;
}

/// <summary>
/// Reads a generated tree (the output folder of <c>kubeai generate</c> / <c>dotnet publish</c>) into
/// documents, bounded so hostile input cannot exhaust the machine: at most <see cref="MaxFiles"/> files,
/// <see cref="MaxFileBytes"/> per file and <see cref="MaxTotalBytes"/> in all, <see cref="MaxNodes"/>
/// nodes and <see cref="MaxDepth"/> levels per document, and no YAML anchors or aliases (which let a
/// small file expand without bound). Env files (<c>*.env</c>: secret and parameter values) are never read.
/// </summary>
public static class ManifestTree
{
    public const int MaxFiles = 10_000;
    public const long MaxFileBytes = 8L * 1024 * 1024;
    public const long MaxTotalBytes = 64L * 1024 * 1024;
    public const int MaxNodes = 100_000;
    public const int MaxDepth = 64;

    private static readonly string[] s_skipped = [Output.OutputWriter.IndexFile, Output.OutputWriter.LockFile, Output.OutputWriter.JournalFile];

    /// <summary>The YAML documents and the whole-file entries of the tree at <paramref name="directory"/>.</summary>
    public static (IReadOnlyList<TreeDocument> Documents, IReadOnlyList<TreeFile> Files) Read(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new KubeAiException(ErrorCodes.TreeNotFound, $"'{Escape(directory)}' is not a folder", directory);
        }

        var paths = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, MaxRecursionDepth = 32 }))
        {
            if (paths.Count == MaxFiles)
            {
                throw new KubeAiException(ErrorCodes.DiffInputTooLarge, $"the tree has more than {MaxFiles} files", directory);
            }

            paths.Add(file);
        }

        var documents = new List<TreeDocument>();
        var wholeFiles = new List<TreeFile>();
        long total = 0;
        foreach (var full in paths.Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
            var name = Path.GetFileName(full);
            if (s_skipped.Contains(name) || name.EndsWith(".env", StringComparison.Ordinal) || name.Contains(".kubeai-staging", StringComparison.Ordinal))
            {
                continue;
            }

            var length = new FileInfo(full).Length;
            if (length > MaxFileBytes)
            {
                throw new KubeAiException(ErrorCodes.DiffInputTooLarge, $"{Escape(relative)} is {length} bytes, more than the 8 MiB a file may have", directory);
            }

            total += length;
            if (total > MaxTotalBytes)
            {
                throw new KubeAiException(ErrorCodes.DiffInputTooLarge, "the tree holds more than 64 MiB", directory);
            }

            var text = File.ReadAllText(full, Encoding.UTF8);
            if (IsYaml(name) && !IsHelmTemplate(root, full))
            {
                documents.AddRange(ReadYaml(text, relative, directory));
            }
            else
            {
                wholeFiles.Add(new TreeFile(relative, text));
            }
        }

        var duplicates = documents.GroupBy(d => d.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.First()).FirstOrDefault();
        if (duplicates is not null)
        {
            // Two objects with one identity (base and chart both hold them): tell them apart by file.
            documents = documents.GroupBy(d => d.Key, StringComparer.Ordinal)
                .SelectMany(g => g.Count() == 1 ? g : g.Select(d => d with { Key = $"{d.Key} ({d.File})" }))
                .ToList();
        }

        return (documents.OrderBy(d => d.Key, StringComparer.Ordinal).ToList(), wholeFiles);
    }

    /// <summary>The documents of one YAML text (for example what <c>kubectl kustomize</c> rendered), with the same bounds.</summary>
    public static (IReadOnlyList<TreeDocument> Documents, IReadOnlyList<TreeFile> Files) ReadText(string yaml, string origin)
    {
        if (yaml.Length > MaxTotalBytes)
        {
            throw new KubeAiException(ErrorCodes.DiffInputTooLarge, "the rendered manifests are larger than 64 MiB", origin);
        }

        return (ReadYaml(yaml, origin, origin).ToList(), []);
    }

    private static bool IsYaml(string name) => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    // Helm templates are text with template actions, not YAML.
    private static bool IsHelmTemplate(string root, string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null && dir.Length >= root.Length; dir = Path.GetDirectoryName(dir))
        {
            if (Path.GetFileName(dir) == "templates" && File.Exists(Path.Combine(Path.GetDirectoryName(dir)!, "Chart.yaml")))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<TreeDocument> ReadYaml(string text, string relative, string origin)
    {
        var documents = new List<object?>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                var nodes = 0;
                documents.Add(ReadNode(parser, 0, ref nodes));
                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException ex)
        {
            throw new KubeAiException(ErrorCodes.DiffInputInvalid, $"cannot read {Escape(relative)}: {Escape(ex.Message)}", $"{origin}/{relative}");
        }
        catch (TreeLimitException ex)
        {
            throw new KubeAiException(ex.TooLarge ? ErrorCodes.DiffInputTooLarge : ErrorCodes.DiffInputInvalid, $"cannot read {Escape(relative)}: {ex.Message}", $"{origin}/{relative}");
        }

        var index = 0;
        foreach (var document in documents)
        {
            index++;
            if (document is null)
            {
                continue;
            }

            yield return new TreeDocument(Identity(document) ?? (documents.Count(d => d is not null) > 1 ? $"{relative}#{index}" : relative), relative, document);
        }
    }

    private static string? Identity(object document)
    {
        if (document is not IReadOnlyDictionary<string, object?> map ||
            Text(map, "apiVersion") is not { } apiVersion || Text(map, "kind") is not { } kind ||
            map.GetValueOrDefault("metadata") is not IReadOnlyDictionary<string, object?> metadata || Text(metadata, "name") is not { } name)
        {
            return null;
        }

        var ns = Text(metadata, "namespace");
        return $"{apiVersion} {kind} {(ns is null ? string.Empty : ns + "/")}{name}";
    }

    private static string? Text(IReadOnlyDictionary<string, object?> map, string key) => map.GetValueOrDefault(key) is Scalar s ? s.Value : null;

    private static object? ReadNode(IParser parser, int depth, ref int nodes)
    {
        if (++nodes > MaxNodes)
        {
            throw new TreeLimitException($"a document has more than {MaxNodes} nodes", tooLarge: true);
        }

        if (depth > MaxDepth)
        {
            throw new TreeLimitException($"a document is nested more than {MaxDepth} levels deep", tooLarge: true);
        }

        var current = parser.Current;
        if (current is AnchorAlias || current is NodeEvent { Anchor.IsEmpty: false })
        {
            throw new TreeLimitException("YAML anchors and aliases are not allowed", tooLarge: false);
        }

        if (parser.TryConsume<YamlDotNet.Core.Events.Scalar>(out var scalar))
        {
            return scalar.IsPlainImplicit && scalar.Value is "" or "~" or "null" or "Null" or "NULL" && scalar.Style == ScalarStyle.Plain
                ? null
                : new Scalar(scalar.Value, scalar.Style is not ScalarStyle.Plain);
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyNode = ReadNode(parser, depth + 1, ref nodes);
                if (keyNode is not Scalar key)
                {
                    throw new TreeLimitException("a mapping key is not a scalar", tooLarge: false);
                }

                map[key.Value] = ReadNode(parser, depth + 1, ref nodes);
            }

            return map;
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var list = new List<object?>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                list.Add(ReadNode(parser, depth + 1, ref nodes));
            }

            return list;
        }

        throw new TreeLimitException($"unexpected YAML event {current?.GetType().Name}", tooLarge: false);
    }

    /// <summary>Shows control characters of an offending value as escapes and cuts it short, so an error stays one line.</summary>
    public static string Escape(string value) => AppModel.DeliveryEnvironments.Escape(value);

    private sealed class TreeLimitException(string message, bool tooLarge) : Exception(message)
    {
        public bool TooLarge { get; } = tooLarge;
    }
}
