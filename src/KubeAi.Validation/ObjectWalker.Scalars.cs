using System.Globalization;
using System.Text.RegularExpressions;
using KubeAi.Core.AppModel;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>Scalars: enums, formats (base64, date-time, quantities), string lengths, patterns and ranges.</summary>
internal sealed partial class ObjectWalker
{
    private void ValidateScalar(YamlScalarNode scalar, SchemaNode schema, YamlValueKind kind)
    {
        var text = scalar.Value ?? string.Empty;
        EnumValue? value = null;
        switch (kind)
        {
            case YamlValueKind.String:
                value = new EnumValue(YamlValueKind.String, text);
                ValidateString(scalar, schema, text);
                break;
            case YamlValueKind.Integer:
            {
                var number = YamlScalars.ParseInt(text);
                value = new EnumValue(YamlValueKind.Integer, number.ToString(CultureInfo.InvariantCulture));
                var int32 = schema.Format == "int32" || schema.IntOrStringInt32;
                if (int32 && (number < int.MinValue || number > int.MaxValue))
                {
                    Report(scalar, $"{text} is out of range for a 32-bit integer (int32)");
                }
                else if (!schema.Type.HasFlag(SchemaTypes.Number) && (number < long.MinValue || number > long.MaxValue))
                {
                    Report(scalar, $"{text} is out of range for a 64-bit integer (int64)");
                }

                CheckRange(scalar, schema, (double)number, text);
                break;
            }

            case YamlValueKind.Float:
            {
                var number = YamlScalars.ParseFloat(text);
                value = new EnumValue(YamlValueKind.Float, number.ToString("R", CultureInfo.InvariantCulture));
                if (!double.IsFinite(number))
                {
                    Report(scalar, $"{text} is not a finite number (JSON cannot represent it)");
                    return;
                }

                CheckRange(scalar, schema, number, text);
                break;
            }

            case YamlValueKind.Boolean:
                value = new EnumValue(YamlValueKind.Boolean, text.ToLowerInvariant());
                break;
        }

        if (schema.Enum is { } allowed && value is { } actual && Array.IndexOf(allowed, actual) < 0)
        {
            Report(scalar, $"unsupported value {actual}: supported values: {string.Join(", ", allowed)}");
        }
    }

    private void ValidateString(YamlScalarNode scalar, SchemaNode schema, string text)
    {
        if (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Tag.IsEmpty && schema.Type.HasFlag(SchemaTypes.String) &&
            YamlScalars.Yaml11Reading(text) is { } reading)
        {
            Report(scalar, $"the unquoted value {text} is {reading} for YAML 1.1 parsers such as kubectl's; quote it (\"{text}\")");
        }

        if (schema.Quantity != QuantityMode.None)
        {
            if (!Quantities.TryParseValue(text, out _))
            {
                Report(scalar, $"invalid quantity \"{Snippet(text)}\": must be {Quantities.Hint}");
            }

            return;
        }

        if (schema.MaxLength is not null || schema.MinLength is not null)
        {
            var length = CountRunes(text);
            if (length > schema.MaxLength)
            {
                Report(scalar, $"may not be longer than {schema.MaxLength} characters (got {length})");
            }

            if (length < schema.MinLength)
            {
                Report(scalar, $"must be at least {schema.MinLength} characters long (got {length})");
            }
        }

        if (schema.PatternRegex is { } regex && !regex.IsMatch(text))
        {
            Report(scalar, $"\"{Snippet(text)}\" does not match the pattern '{schema.Pattern}'");
        }

        switch (schema.Format)
        {
            case "byte" when !IsBase64(text):
                Report(scalar, "must be base64-encoded data (format: byte)");
                break;
            case "date-time" when !IsDateTime(text):
                Report(scalar, $"\"{Snippet(text)}\" is not an RFC 3339 date-time (e.g. 2025-01-31T12:00:00Z)");
                break;
        }
    }

    private void CheckRange(YamlScalarNode scalar, SchemaNode schema, double number, string text)
    {
        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? number <= min : number < min))
        {
            Report(scalar, $"{text} must be {(schema.ExclusiveMinimum ? "greater than" : "greater than or equal to")} {min.ToString(CultureInfo.InvariantCulture)}");
        }

        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? number >= max : number > max))
        {
            Report(scalar, $"{text} must be {(schema.ExclusiveMaximum ? "less than" : "less than or equal to")} {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static int CountRunes(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static bool IsBase64(string text)
    {
        var length = 0;
        var padding = 0;
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                continue; // Go's base64 decoder skips line breaks
            }

            if (c == '=')
            {
                padding++;
            }
            else if (padding > 0 || !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }

            length++;
        }

        return length % 4 == 0 && padding <= 2;
    }

    // RFC 3339 as Go's time.RFC3339 parser accepts it (fractional seconds of any precision).
    private static bool IsDateTime(string text)
    {
        if (!DateTimePattern().IsMatch(text))
        {
            return false;
        }

        return DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out _) || DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd't'HH:mm:ss",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
