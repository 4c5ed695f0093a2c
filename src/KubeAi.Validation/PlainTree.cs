using System.Numerics;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>
/// Loads JSON or YAML schema files into plain trees (dictionaries, lists, strings, bools, longs, doubles),
/// dropping <c>description</c> texts, which validation never needs.
/// </summary>
internal static class PlainTree
{
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromJsonObject(element),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static Dictionary<string, object?> FromJsonObject(JsonElement element)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name != "description")
            {
                map[property.Name] = FromJson(property.Value);
            }
        }

        return map;
    }

    /// <summary>Reads every document of a YAML stream.</summary>
    public static List<object?> FromYamlStream(TextReader reader)
    {
        var parser = new Parser(reader);
        var documents = new List<object?>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            documents.Add(ReadNode(parser));
            parser.Consume<DocumentEnd>();
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    public static object? ReadNode(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return FromScalar(scalar);
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>().Value;
                if (key == "description")
                {
                    parser.SkipThisAndNestedEvents();
                    continue;
                }

                map[key] = ReadNode(parser);
            }

            return map;
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var list = new List<object?>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                list.Add(ReadNode(parser));
            }

            return list;
        }

        var current = parser.Current;
        throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty,
            $"Unsupported YAML construct in schema: {current?.GetType().Name}");
    }

    /// <summary>
    /// A parsed YAML node as a plain tree, typed like <see cref="FromYamlStream"/> types it (the linter reads the
    /// schema pass's parse). The node is within <see cref="ManifestLimits"/> (checked when it was parsed), so the
    /// recursion is bounded.
    /// </summary>
    public static object? FromYamlNode(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific && scalar.Tag.Value != "!");
                return FromText(scalar.Value ?? string.Empty, plain);
            case YamlMappingNode mapping:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name } && name != "description")
                    {
                        map[name] = FromYamlNode(value);
                    }
                }

                return map;
            case YamlSequenceNode sequence:
                return sequence.Children.Select(FromYamlNode).ToList();
            default:
                return null;
        }
    }

    private static object? FromScalar(Scalar scalar) =>
        FromText(scalar.Value, !(scalar.IsQuotedImplicit || !scalar.IsPlainImplicit));

    private static object? FromText(string text, bool plain)
    {
        var kind = plain ? YamlScalars.ResolvePlain(text) : YamlValueKind.String;
        return kind switch
        {
            YamlValueKind.Null => null,
            YamlValueKind.Boolean => text is "true" or "True" or "TRUE",
            YamlValueKind.Integer => ToLongIfPossible(YamlScalars.ParseInt(text)),
            YamlValueKind.Float => YamlScalars.ParseFloat(text),
            _ => text,
        };
    }

    private static object ToLongIfPossible(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
}
