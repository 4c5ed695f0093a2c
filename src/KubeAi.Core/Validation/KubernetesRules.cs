using System.Globalization;

namespace KubeAi.Core.Validation;

/// <summary>
/// Kubernetes value rules that the OpenAPI schemas do not express: quantities, object names and
/// label/annotation syntax (ports of k8s.io/apimachinery's validation helpers).
/// </summary>
internal static class KubernetesRules
{
    public const int LabelValueMaxLength = 63;
    public const int QualifiedNameMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int Dns1123LabelMaxLength = 63;
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>
    /// Parses a resource quantity (<c>500m</c>, <c>1.5</c>, <c>2Gi</c>, <c>1e3</c>) per
    /// k8s.io/apimachinery/pkg/api/resource.ParseQuantity; <paramref name="value"/> is its numeric value.
    /// </summary>
    public static bool TryParseQuantity(string text, out double value)
    {
        value = 0;
        var s = text.AsSpan();
        if (s.Length == 0)
        {
            return false;
        }

        var i = 0;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i++;
        }

        var numberStart = i;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var number = double.Parse(s[numberStart..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var suffix = s[i..];
        double multiplier;
        switch (suffix)
        {
            case "": multiplier = 1; break;
            case "n": multiplier = 1e-9; break;
            case "u": multiplier = 1e-6; break;
            case "m": multiplier = 1e-3; break;
            case "k": multiplier = 1e3; break;
            case "M": multiplier = 1e6; break;
            case "G": multiplier = 1e9; break;
            case "T": multiplier = 1e12; break;
            case "P": multiplier = 1e15; break;
            case "E": multiplier = 1e18; break;
            case "Ki": multiplier = 1024d; break;
            case "Mi": multiplier = Math.Pow(1024, 2); break;
            case "Gi": multiplier = Math.Pow(1024, 3); break;
            case "Ti": multiplier = Math.Pow(1024, 4); break;
            case "Pi": multiplier = Math.Pow(1024, 5); break;
            case "Ei": multiplier = Math.Pow(1024, 6); break;
            default:
                // Decimal exponent: e/E followed by a (signed) integer.
                if (suffix[0] is not ('e' or 'E') || suffix.Length < 2)
                {
                    return false;
                }

                var exponent = suffix[1..];
                var j = exponent[0] is '+' or '-' ? 1 : 0;
                if (j == exponent.Length)
                {
                    return false;
                }

                for (; j < exponent.Length; j++)
                {
                    if (!char.IsAsciiDigit(exponent[j]))
                    {
                        return false;
                    }
                }

                if (!int.TryParse(exponent, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e))
                {
                    return false;
                }

                multiplier = Math.Pow(10, e);
                break;
        }

        value = (negative ? -number : number) * multiplier;
        return true;
    }

    public const string QuantityHint =
        "must be a Kubernetes quantity: a number with an optional suffix, e.g. 500m, 1.5, 2Gi, 128974848, 1e3";

    public static bool IsDns1123Subdomain(string value)
    {
        if (value.Length is 0 or > Dns1123SubdomainMaxLength)
        {
            return false;
        }

        foreach (var part in value.Split('.'))
        {
            if (!IsDns1123LabelBody(part))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsDns1123Label(string value) => value.Length <= Dns1123LabelMaxLength && IsDns1123LabelBody(value);

    public static bool IsDns1035Label(string value) =>
        value.Length <= Dns1123LabelMaxLength && IsDns1123LabelBody(value) && char.IsAsciiLetterLower(value[0]);

    private static bool IsDns1123LabelBody(string value)
    {
        if (value.Length == 0 || !IsLowerAlnum(value[0]) || !IsLowerAlnum(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(IsLowerAlnum(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    /// <summary>Names of RBAC objects only need to be valid path segments (e.g. <c>system:controller</c>).</summary>
    public static bool IsPathSegmentName(string value) =>
        value.Length > 0 && value is not ("." or "..") && !value.Contains('/') && !value.Contains('%');

    /// <summary>Checks a label value; returns null when valid, otherwise the reason.</summary>
    public static string? CheckLabelValue(string value)
    {
        if (value.Length > LabelValueMaxLength)
        {
            return $"must be no more than {LabelValueMaxLength} characters";
        }

        if (value.Length > 0 && !IsQualifiedNamePart(value))
        {
            return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
                "and must start and end with an alphanumeric character (regex used for validation is " +
                "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        }

        return null;
    }

    /// <summary>Checks a label or annotation key (a qualified name); returns null when valid, otherwise the reason.</summary>
    public static string? CheckQualifiedName(string key)
    {
        var name = key;
        var slash = key.IndexOf('/');
        if (slash >= 0)
        {
            var prefix = key[..slash];
            name = key[(slash + 1)..];
            if (prefix.Length == 0)
            {
                return "prefix part must be non-empty";
            }

            if (!IsDns1123Subdomain(prefix))
            {
                return $"prefix part \"{prefix}\" must be a lowercase RFC 1123 subdomain (no more than {Dns1123SubdomainMaxLength} characters)";
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > QualifiedNameMaxLength)
        {
            return $"name part must be no more than {QualifiedNameMaxLength} characters";
        }

        if (!IsQualifiedNamePart(name))
        {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
                "alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc'); an optional DNS subdomain prefix and '/' " +
                "may precede it (e.g. 'example.com/MyName')";
        }

        return null;
    }

    // ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
    private static bool IsQualifiedNamePart(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ConfigMap and Secret data keys: <c>[-._a-zA-Z0-9]+</c>, at most 253 characters, not "." or "..".</summary>
    public static string? CheckConfigMapKey(string key)
    {
        if (key.Length is 0 or > Dns1123SubdomainMaxLength)
        {
            return $"a valid key must be 1 to {Dns1123SubdomainMaxLength} characters long";
        }

        if (key is "." or "..")
        {
            return "a valid key must not be '.' or '..'";
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (regex used for validation is '[-._a-zA-Z0-9]+')";
            }
        }

        return null;
    }

    /// <summary>
    /// True for resource names that Kubernetes treats as extended (not overcommittable) resources such as
    /// <c>nvidia.com/gpu</c>: fully qualified and outside the <c>kubernetes.io</c> namespace.
    /// </summary>
    public static bool IsExtendedResourceName(string name)
    {
        var slash = name.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var domain = name[..slash];
        if (domain == "kubernetes.io" || domain.EndsWith(".kubernetes.io", StringComparison.Ordinal))
        {
            return false;
        }

        return !name.StartsWith("requests.", StringComparison.Ordinal);
    }
}
