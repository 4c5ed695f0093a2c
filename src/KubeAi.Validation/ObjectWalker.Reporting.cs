using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>Violations, field paths and the node helpers every rule uses.</summary>
internal sealed partial class ObjectWalker
{
    private void Report(YamlNode? at, string message)
    {
        var line = 0;
        var column = 0;
        if (at is not null && at.Start.Line > 0)
        {
            line = (int)at.Start.Line;
            column = (int)at.Start.Column;
        }

        sink.Add(new SchemaViolation(source, documentIndex, kind, name, RenderPath(), message, line, column));
    }

    private void ReportAt(YamlNode? at, string field, string message)
    {
        path.Add(PathSegment.Field(field));
        Report(at, message);
        path.RemoveAt(path.Count - 1);
    }

    private void ReportAt(YamlNode? at, string field, string key, string message)
    {
        path.Add(PathSegment.Field(field));
        path.Add(PathSegment.Key(key));
        Report(at, message);
        path.RemoveRange(path.Count - 2, 2);
    }

    private string RenderPath()
    {
        if (path.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            switch (segment.Kind)
            {
                case PathSegmentKind.Field:
                    if (builder.Length > 0)
                    {
                        builder.Append('.');
                    }

                    builder.Append(segment.Name);
                    break;
                case PathSegmentKind.Key:
                    builder.Append('[').Append(segment.Name).Append(']');
                    break;
                default:
                    builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
            }
        }

        return builder.ToString();
    }

    internal static YamlNode? Child(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is YamlScalarNode scalar && scalar.Value == key)
            {
                return value;
            }
        }

        return null;
    }

    internal static string? ScalarText(YamlNode? node) =>
        node is YamlScalarNode scalar && YamlScalars.KindOf(scalar) != YamlValueKind.Null ? scalar.Value : null;

    private static string Describe(YamlNode node, YamlValueKind kind) => node is YamlScalarNode scalar && kind != YamlValueKind.Null
        ? $"{YamlScalars.KindName(kind)} {(kind == YamlValueKind.String ? $"\"{Snippet(scalar.Value ?? string.Empty)}\"" : Snippet(scalar.Value ?? string.Empty))}"
        : YamlScalars.KindName(kind);

    private static string Snippet(string text) =>
        text.Length <= MaxSnippetLength ? text : string.Concat(text.AsSpan(0, MaxSnippetLength), "…");
}
