using System.Globalization;
using System.Numerics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>The JSON type a YAML node stands for once loaded.</summary>
internal enum YamlValueKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
    Mapping,
    Sequence,
    Unsupported,
}

/// <summary>
/// Resolves YAML scalars the way a YAML 1.2 core-schema parser does: only plain (unquoted) scalars can be
/// null, booleans or numbers; quoted and block scalars are always strings; explicit <c>!!tags</c> win.
/// </summary>
internal static class YamlScalars
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static YamlValueKind KindOf(YamlNode node) => node switch
    {
        YamlScalarNode scalar => KindOf(scalar),
        YamlMappingNode => YamlValueKind.Mapping,
        YamlSequenceNode => YamlValueKind.Sequence,
        _ => YamlValueKind.Unsupported,
    };

    public static YamlValueKind KindOf(YamlScalarNode scalar)
    {
        var tag = scalar.Tag;
        if (!tag.IsEmpty)
        {
            if (tag.IsNonSpecific)
            {
                // "!" forces a string; "?" is the parser's "no tag" marker.
                return tag.Value == "!" ? YamlValueKind.String : Resolve(scalar.Value ?? string.Empty, scalar.Style);
            }

            return tag.Value switch
            {
                TagPrefix + "str" => YamlValueKind.String,
                TagPrefix + "null" => YamlValueKind.Null,
                TagPrefix + "bool" => IsBool(scalar.Value ?? string.Empty) ? YamlValueKind.Boolean : YamlValueKind.Unsupported,
                TagPrefix + "int" => IsInt(scalar.Value ?? string.Empty) ? YamlValueKind.Integer : YamlValueKind.Unsupported,
                TagPrefix + "float" => IsInt(scalar.Value ?? string.Empty) || IsFloat(scalar.Value ?? string.Empty)
                    ? YamlValueKind.Float
                    : YamlValueKind.Unsupported,
                _ => YamlValueKind.Unsupported,
            };
        }

        return Resolve(scalar.Value ?? string.Empty, scalar.Style);
    }

    public static YamlValueKind Resolve(string value, ScalarStyle style)
    {
        if (style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return YamlValueKind.String;
        }

        return ResolvePlain(value);
    }

    public static YamlValueKind ResolvePlain(string value)
    {
        if (value.Length == 0)
        {
            return YamlValueKind.Null;
        }

        var c = value[0];
        // Fast path: most strings cannot be anything else.
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.' or '~' or 'n' or 'N' or 't' or 'T' or 'f' or 'F'))
        {
            return YamlValueKind.String;
        }

        if (value is "~" or "null" or "Null" or "NULL")
        {
            return YamlValueKind.Null;
        }

        if (IsBool(value))
        {
            return YamlValueKind.Boolean;
        }

        if (IsInt(value))
        {
            return YamlValueKind.Integer;
        }

        if (IsFloat(value))
        {
            return YamlValueKind.Float;
        }

        return YamlValueKind.String;
    }

    /// <summary>
    /// Plain scalars that YAML 1.1 parsers (go-yaml v2, behind kubectl and the API server's YAML decoder) read as
    /// booleans or integers although YAML 1.2 reads them as strings: <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>/<c>y</c>/<c>n</c>,
    /// <c>0b1010</c> and <c>1_000</c> (Go's base-0 integer syntax).
    /// </summary>
    public static string? Yaml11Reading(string value)
    {
        if (value is "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or
            "on" or "On" or "ON" or "off" or "Off" or "OFF")
        {
            return "a boolean";
        }

        var digits = value.AsSpan(value.Length > 0 && value[0] is '-' or '+' ? 1 : 0);
        var binary = digits.StartsWith("0b");
        if (binary)
        {
            digits = digits[2..];
        }

        if (digits.Length == 0 || !(binary || digits.Contains('_')) || digits[0] == '_' || digits[^1] == '_')
        {
            return null;
        }

        foreach (var c in digits)
        {
            if (!(c == '_' || (binary ? c is '0' or '1' : char.IsAsciiDigit(c))))
            {
                return null;
            }
        }

        return "an integer";
    }

    private static bool IsBool(string v) => v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";

    private static bool IsInt(string v)
    {
        if (v.Length > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'o'))
        {
            var hex = v[1] == 'x';
            for (var i = 2; i < v.Length; i++)
            {
                if (!(hex ? char.IsAsciiHexDigit(v[i]) : v[i] is >= '0' and <= '7'))
                {
                    return false;
                }
            }

            return true;
        }

        var start = v[0] is '-' or '+' ? 1 : 0;
        if (start == v.Length)
        {
            return false;
        }

        for (var i = start; i < v.Length; i++)
        {
            if (!char.IsAsciiDigit(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?  |  [-+]? \.(inf|Inf|INF)  |  \.(nan|NaN|NAN)
    private static bool IsFloat(string v)
    {
        if (v is ".nan" or ".NaN" or ".NAN")
        {
            return true;
        }

        var i = v[0] is '-' or '+' ? 1 : 0;
        var rest = v.AsSpan(i);
        if (rest is ".inf" or ".Inf" or ".INF")
        {
            return true;
        }

        var digits = 0;
        while (i < v.Length && char.IsAsciiDigit(v[i]))
        {
            i++;
            digits++;
        }

        if (i < v.Length && v[i] == '.')
        {
            i++;
            while (i < v.Length && char.IsAsciiDigit(v[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < v.Length && v[i] is 'e' or 'E')
        {
            i++;
            if (i < v.Length && v[i] is '-' or '+')
            {
                i++;
            }

            var expDigits = 0;
            while (i < v.Length && char.IsAsciiDigit(v[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == v.Length;
    }

    /// <summary>Parses a YAML core-schema integer (decimal, 0x hex, 0o octal).</summary>
    public static BigInteger ParseInt(string v)
    {
        if (v.Length > 2 && v[0] == '0' && v[1] == 'x')
        {
            return BigInteger.Parse("0" + v[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        if (v.Length > 2 && v[0] == '0' && v[1] == 'o')
        {
            var result = BigInteger.Zero;
            for (var i = 2; i < v.Length; i++)
            {
                result = (result * 8) + (v[i] - '0');
            }

            return result;
        }

        return BigInteger.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a YAML core-schema float (or integer) to a double.</summary>
    public static double ParseFloat(string v)
    {
        switch (v)
        {
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
        }

        if (IsInt(v))
        {
            return (double)ParseInt(v);
        }

        return double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static string KindName(YamlValueKind kind) => kind switch
    {
        YamlValueKind.Null => "null",
        YamlValueKind.Boolean => "boolean",
        YamlValueKind.Integer => "integer",
        YamlValueKind.Float => "number",
        YamlValueKind.String => "string",
        YamlValueKind.Mapping => "object",
        YamlValueKind.Sequence => "array",
        _ => "an unsupported YAML value",
    };
}
