using YamlDotNet.Serialization;

namespace KubeAi.Integration.Tests;

/// <summary>
/// The objects of a rendered multi-document YAML stream (what <c>kubectl kustomize</c> or
/// <c>helm template</c> print), as plain maps: the fidelity checker walks them without KubeAi's
/// own types, so it cannot share a bug with the generator.
/// </summary>
public sealed class RenderedObjects
{
    private static readonly IDeserializer s_yaml = new DeserializerBuilder().Build();

    public RenderedObjects(string yaml)
    {
        var documents = new List<Dictionary<string, object?>>();
        var current = new System.Text.StringBuilder();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.TrimEnd('\r') == "---")
            {
                Add(documents, current.ToString());
                current.Clear();
                continue;
            }

            current.Append(line).Append('\n');
        }

        Add(documents, current.ToString());
        All = documents;
    }

    public IReadOnlyList<Dictionary<string, object?>> All { get; }

    public IEnumerable<Dictionary<string, object?>> OfKind(string kind) => All.Where(o => Kind(o) == kind);

    public Dictionary<string, object?>? Find(string kind, string name) => OfKind(kind).FirstOrDefault(o => Name(o) == name);

    /// <summary>Object counts by kind, sorted by kind.</summary>
    public SortedDictionary<string, int> CountByKind() => new(All.GroupBy(Kind).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    public static string Kind(Dictionary<string, object?> o) => o.TryGetValue("kind", out var k) ? k?.ToString() ?? string.Empty : string.Empty;

    public static string Name(Dictionary<string, object?> o) => Str(Map(o, "metadata"), "name") ?? string.Empty;

    public static Dictionary<string, object?>? Map(Dictionary<string, object?>? o, string key) =>
        o is not null && o.TryGetValue(key, out var value) ? AsMap(value) : null;

    public static IReadOnlyList<object?> List(Dictionary<string, object?>? o, string key) =>
        o is not null && o.TryGetValue(key, out var value) && value is List<object?> list ? list : [];

    public static IEnumerable<Dictionary<string, object?>> Maps(Dictionary<string, object?>? o, string key) =>
        List(o, key).Select(AsMap).OfType<Dictionary<string, object?>>();

    public static string? Str(Dictionary<string, object?>? o, string key) =>
        o is not null && o.TryGetValue(key, out var value) && value is not null and not List<object?> and not Dictionary<string, object?> ? value.ToString() : null;

    public static Dictionary<string, object?>? AsMap(object? value) => value switch
    {
        Dictionary<string, object?> map => map,
        Dictionary<object, object?> raw => raw.ToDictionary(p => p.Key.ToString()!, p => Normalise(p.Value)),
        _ => null,
    };

    /// <summary>Every map in <paramref name="root"/>, depth first (to find pod specs in any workload kind).</summary>
    public static IEnumerable<Dictionary<string, object?>> Descendants(Dictionary<string, object?> root)
    {
        yield return root;
        foreach (var value in root.Values)
        {
            var children = value is List<object?> list ? list.Select(AsMap) : [AsMap(value)];
            foreach (var child in children.OfType<Dictionary<string, object?>>())
            {
                foreach (var d in Descendants(child))
                {
                    yield return d;
                }
            }
        }
    }

    private static void Add(List<Dictionary<string, object?>> documents, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (AsMap(s_yaml.Deserialize<object?>(text)) is { } map)
        {
            documents.Add(map);
        }
    }

    private static object? Normalise(object? value) => value switch
    {
        Dictionary<object, object?> raw => AsMap(raw),
        List<object?> list => list.Select(Normalise).ToList(),
        _ => value,
    };
}
