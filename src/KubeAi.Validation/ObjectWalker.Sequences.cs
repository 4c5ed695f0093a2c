using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>Sequences: items, lengths, and uniqueness of sets and map-lists (x-kubernetes-list-map-keys).</summary>
internal sealed partial class ObjectWalker
{
    private void ValidateSequence(YamlSequenceNode sequence, SchemaNode schema)
    {
        var items = sequence.Children;
        if (schema.Items is { } itemSchema)
        {
            for (var i = 0; i < items.Count; i++)
            {
                path.Add(PathSegment.Item(i));
                Validate(items[i], itemSchema);
                path.RemoveAt(path.Count - 1);
            }
        }

        if (items.Count < schema.MinItems)
        {
            Report(sequence, $"must have at least {schema.MinItems} items (got {items.Count})");
        }

        if (items.Count > schema.MaxItems)
        {
            Report(sequence, $"must have at most {schema.MaxItems} items (got {items.Count})");
        }

        if (schema.ListType == "set")
        {
            CheckSetUniqueness(items);
        }
        else if (schema.ListType == "map" && schema.ListMapKeys is { Length: > 0 } keys)
        {
            CheckMapListUniqueness(items, keys, schema.Items);
        }
    }

    private void CheckSetUniqueness(IList<YamlNode> items)
    {
        var seen = new Dictionary<EnumValue, int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlScalarNode scalar)
            {
                continue;
            }

            var kind = YamlScalars.KindOf(scalar);
            var value = new EnumValue(kind, scalar.Value ?? string.Empty);
            if (!seen.TryAdd(value, i))
            {
                path.Add(PathSegment.Item(i));
                Report(scalar, $"duplicate value {value} (also at index {seen[value]}); the list is a set");
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private void CheckMapListUniqueness(IList<YamlNode> items, string[] keys, SchemaNode? itemSchema)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var builder = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMappingNode item)
            {
                continue;
            }

            builder.Clear();
            var complete = true;
            foreach (var key in keys)
            {
                var text = ScalarText(Child(item, key));
                if (text is null && itemSchema?.Properties?.GetValueOrDefault(key)?.Default is { } defaultValue)
                {
                    text = Convert.ToString(defaultValue, CultureInfo.InvariantCulture);
                }

                if (text is null)
                {
                    complete = false;
                    break;
                }

                builder.Append(builder.Length == 0 ? string.Empty : ", ").Append(key).Append("=\"").Append(text).Append('"');
            }

            if (!complete)
            {
                continue;
            }

            var identity = builder.ToString();
            if (!seen.TryAdd(identity, i))
            {
                path.Add(PathSegment.Item(i));
                Report(item, $"duplicate entry with key {{{identity}}} (also at index {seen[identity]}); list entries must be unique by {string.Join(", ", keys)}");
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
