using System.Text;

namespace KubeAi.Core.Delivery;

/// <summary>One changed field of an object: its path (<c>spec.template.spec.containers[name=api].image</c>) and both values as shown.</summary>
public sealed record FieldChange(string Path, string? Old, string? New);

/// <summary>An object (or file) that was added, removed or changed between two trees.</summary>
public sealed record ObjectChange(char Kind, string Key, string File, IReadOnlyList<FieldChange> Fields);

/// <summary>An image reference that changed: a workload's container image in the old and new tree.</summary>
public sealed record ImageChange(string Where, string? Old, string? New);

/// <summary>What differs between two generated trees.</summary>
public sealed record TreeDifference(IReadOnlyList<ObjectChange> Objects, IReadOnlyList<ImageChange> Images)
{
    public bool Same => Objects.Count == 0;

    /// <summary>Most lines printed; the rest are counted, so a hostile pair of trees cannot flood a CI log.</summary>
    public const int MaxLines = 2000;

    /// <summary>
    /// The report for code review: <c>+</c> added, <c>-</c> removed, <c>~</c> changed objects, each changed field
    /// with old → new (Secret data shown only as changed), then the images that changed, then one summary line.
    /// </summary>
    public IEnumerable<string> Lines()
    {
        var lines = new List<string>();
        foreach (var change in Objects)
        {
            lines.Add($"{change.Kind} {change.Key}" + (change.Key == change.File ? string.Empty : $" ({change.File})"));
            lines.AddRange(change.Fields.Select(f => $"    {f.Path}: {f.Old ?? "(none)"} -> {f.New ?? "(none)"}"));
        }

        if (Images.Count > 0)
        {
            lines.Add("images:");
            lines.AddRange(Images.Select(i => $"    {i.Where}: {i.Old ?? "(none)"} -> {i.New ?? "(none)"}"));
        }

        foreach (var line in lines.Take(MaxLines))
        {
            yield return line;
        }

        if (lines.Count > MaxLines)
        {
            yield return $"... {lines.Count - MaxLines} more line(s)";
        }

        yield return Same
            ? "kubeai diff: no differences"
            : $"kubeai diff: {Objects.Count(o => o.Kind == '~')} changed, {Objects.Count(o => o.Kind == '+')} added, {Objects.Count(o => o.Kind == '-')} removed";
    }
}

/// <summary>
/// Object-level comparison of two generated trees (for code review in CI): objects matched by
/// apiVersion, kind, namespace and name (kustomizations and values files by path), fields compared
/// recursively, lists of named items matched by name. Secret data is never shown.
/// </summary>
public static class TreeDiff
{
    private const int MaxShownValue = 200;

    public static TreeDifference Compare(string oldDirectory, string newDirectory)
    {
        var (oldDocuments, oldFiles) = ManifestTree.Read(oldDirectory);
        var (newDocuments, newFiles) = ManifestTree.Read(newDirectory);
        return Compare(oldDocuments, oldFiles, newDocuments, newFiles);
    }

    public static TreeDifference Compare(IReadOnlyList<TreeDocument> oldDocuments, IReadOnlyList<TreeFile> oldFiles, IReadOnlyList<TreeDocument> newDocuments, IReadOnlyList<TreeFile> newFiles)
    {
        var before = oldDocuments.ToDictionary(d => d.Key, StringComparer.Ordinal);
        var after = newDocuments.ToDictionary(d => d.Key, StringComparer.Ordinal);
        var changes = new List<ObjectChange>();
        var images = new List<ImageChange>();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(key, out var old);
            after.TryGetValue(key, out var @new);
            var fields = new List<FieldChange>();
            Compare(old?.Content, @new?.Content, string.Empty, (old ?? @new)!.IsSecret || (@new?.IsSecret ?? false), fields);
            if (old is null || @new is null || fields.Count > 0)
            {
                changes.Add(new ObjectChange(old is null ? '+' : @new is null ? '-' : '~', key, (@new ?? old)!.File, old is null || @new is null ? [] : fields));
            }

            foreach (var (path, oldImage, newImage) in Images(old?.Content).FullJoin(Images(@new?.Content)))
            {
                if (oldImage != newImage)
                {
                    images.Add(new ImageChange($"{Short(key)} {path}", oldImage, newImage));
                }
            }
        }

        var oldText = oldFiles.ToDictionary(f => f.File, f => f.Content, StringComparer.Ordinal);
        var newText = newFiles.ToDictionary(f => f.File, f => f.Content, StringComparer.Ordinal);
        foreach (var file in oldText.Keys.Union(newText.Keys).Order(StringComparer.Ordinal))
        {
            var inOld = oldText.TryGetValue(file, out var o);
            var inNew = newText.TryGetValue(file, out var n);
            if (!inOld || !inNew || o != n)
            {
                changes.Add(new ObjectChange(!inOld ? '+' : !inNew ? '-' : '~', file, file, inOld && inNew ? LineChanges(o!, n!) : []));
            }
        }

        return new TreeDifference(changes, images);
    }

    // "apps/v1 Deployment ns/api" → "Deployment ns/api".
    private static string Short(string key) => key.Contains(' ', StringComparison.Ordinal) ? key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..] : key;

    private static void Compare(object? old, object? @new, string path, bool secret, List<FieldChange> changes)
    {
        switch (old, @new)
        {
            case (IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b):
                foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
                {
                    Compare(a.GetValueOrDefault(key), b.GetValueOrDefault(key), Join(path, key), secret, changes);
                }

                break;
            case (List<object?> a, List<object?> b) when NamedItems(a) is { } namedA && NamedItems(b) is { } namedB:
                foreach (var name in namedA.Keys.Union(namedB.Keys).Order(StringComparer.Ordinal))
                {
                    Compare(namedA.GetValueOrDefault(name), namedB.GetValueOrDefault(name), $"{path}[name={name}]", secret, changes);
                }

                break;
            case (List<object?> a, List<object?> b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    Compare(i < a.Count ? a[i] : null, i < b.Count ? b[i] : null, $"{path}[{i}]", secret, changes);
                }

                break;
            default:
                if (!Equal(old, @new))
                {
                    var hidden = secret && (path.StartsWith("data", StringComparison.Ordinal) || path.StartsWith("stringData", StringComparison.Ordinal));
                    changes.Add(new FieldChange(path.Length == 0 ? "(document)" : path, hidden ? Hidden(old) : Show(old), hidden ? Hidden(@new) : Show(@new)));
                }

                break;
        }
    }

    private static string? Hidden(object? value) => value is null ? null : "(secret value)";

    private static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (Scalar x, Scalar y) => x.Value == y.Value,
        _ => false,
    };

    // A list whose items are all maps with a distinct scalar 'name' (containers, env, ports, volumes) is matched by name.
    private static Dictionary<string, object?>? NamedItems(List<object?> list)
    {
        if (list.Count == 0)
        {
            return null;
        }

        var named = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item is not IReadOnlyDictionary<string, object?> map || map.GetValueOrDefault("name") is not Scalar name || !named.TryAdd(name.Value, item))
            {
                return null;
            }
        }

        return named;
    }

    private static string Join(string path, string key)
    {
        var simple = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        var part = simple ? key : $"[\"{Escape(key)}\"]";
        return path.Length == 0 ? part : simple ? $"{path}.{part}" : path + part;
    }

    private static string? Show(object? value) => value switch
    {
        null => null,
        Scalar s => Quote(s.Value),
        IReadOnlyDictionary<string, object?> map => map.Count == 0 ? "{}" : $"{{{Cut(string.Join(", ", map.Keys.Select(Escape)))}}}",
        List<object?> list => $"[{list.Count} item(s)]",
        _ => value.ToString(),
    };

    private static string Quote(string text)
    {
        var shown = Escape(text.Length > MaxShownValue ? text[..MaxShownValue] + "…" : text);
        return shown.Length == 0 || shown != text || shown.Contains(' ', StringComparison.Ordinal) ? $"\"{shown}\"" : shown;
    }

    private static string Cut(string text) => text.Length > MaxShownValue ? text[..MaxShownValue] + "…" : text;

    private static string Escape(string text) => ManifestTree.Escape(text);

    // The container images of an object, by where they are (containers[name=api]).
    private static IEnumerable<(string Path, string Image)> Images(object? node, string path = "")
    {
        switch (node)
        {
            case IReadOnlyDictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    if (key is "containers" or "initContainers" && value is List<object?> items)
                    {
                        foreach (var item in items.OfType<IReadOnlyDictionary<string, object?>>())
                        {
                            if (item.GetValueOrDefault("image") is Scalar image)
                            {
                                yield return ($"{key}[name={(item.GetValueOrDefault("name") as Scalar)?.Value}]", image.Value);
                            }
                        }
                    }
                    else
                    {
                        foreach (var found in Images(value, Join(path, key)))
                        {
                            yield return found;
                        }
                    }
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    foreach (var found in Images(item, path))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    private static IEnumerable<(string Path, string? Old, string? New)> FullJoin(this IEnumerable<(string Path, string Image)> old, IEnumerable<(string Path, string Image)> @new)
    {
        var a = old.GroupBy(i => i.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Image, StringComparer.Ordinal);
        var b = @new.GroupBy(i => i.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Image, StringComparer.Ordinal);
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal).Select(p => (p, a.GetValueOrDefault(p), b.GetValueOrDefault(p)));
    }

    // Whole files (Helm templates, env-file templates): which lines came and went, never more than a few.
    private static IReadOnlyList<FieldChange> LineChanges(string old, string @new)
    {
        var a = old.Split('\n').ToHashSet(StringComparer.Ordinal);
        var b = @new.Split('\n').ToHashSet(StringComparer.Ordinal);
        var removed = old.Split('\n').Where(l => !b.Contains(l)).Distinct().ToList();
        var added = @new.Split('\n').Where(l => !a.Contains(l)).Distinct().ToList();
        var changes = removed.Select(l => new FieldChange("line", Quote(l.Trim()), null))
            .Concat(added.Select(l => new FieldChange("line", null, Quote(l.Trim()))))
            .ToList();
        return changes.Count <= 20 ? changes : [.. changes.Take(20), new FieldChange($"and {changes.Count - 20} more line(s)", null, null)];
    }
}
