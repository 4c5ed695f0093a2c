using System.Globalization;
using System.Text.RegularExpressions;
using KubeAi.Core.AppModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>Argument checks shared by the extensions: each throws an <see cref="ArgumentException"/> naming the value and what is allowed.</summary>
internal static partial class KubeAiArguments
{
    public static string? Quantity(string? value, string parameterName)
    {
        if (value is not null && !KubernetesValues.IsQuantity(value))
        {
            throw new ArgumentException($"'{value}' is not a Kubernetes quantity (examples: 500m, 2, 1.5, 512Mi, 10Gi)", parameterName);
        }

        return value;
    }

    public static string RequiredQuantity(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        return Quantity(value, parameterName)!;
    }

    /// <summary>A DNS-1123 subdomain: names of Kubernetes objects (namespaces are labels, checked separately).</summary>
    public static string? DnsName(string? value, string parameterName, string what)
    {
        if (value is null)
        {
            return null;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (!KubernetesNames.IsDnsSubdomain(value))
        {
            throw new ArgumentException($"{what} '{value}' is not a valid Kubernetes name (lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit)", parameterName);
        }

        return value;
    }

    public static string Namespace(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (!KubernetesNames.IsDnsLabel(value))
        {
            throw new ArgumentException($"namespace '{value}' is not valid (a lowercase RFC 1123 label: letters, digits and '-', at most 63 characters)", parameterName);
        }

        return value;
    }

    public static string? Path(string? value, string parameterName, string what)
    {
        if (value is not null && !value.StartsWith('/'))
        {
            throw new ArgumentException($"{what} '{value}' must be an absolute path starting with '/'", parameterName);
        }

        return value;
    }

    public static int Range(int value, int min, int max, string parameterName, string what)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{what} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }

    public static TimeSpan WholeSeconds(TimeSpan value, TimeSpan min, TimeSpan max, string parameterName, string what)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{what} must be between {min} and {max}, not {value}");
        }

        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"{what} must be a whole number of seconds, not {value}", parameterName);
        }

        return value;
    }

    public static string? MigProfile(string? value, string parameterName)
    {
        if (value is not null && !Mig().IsMatch(value))
        {
            throw new ArgumentException($"'{value}' is not a MIG profile (the form is <slices>g.<memory>gb, for example 1g.10gb or 3g.40gb)", parameterName);
        }

        return value;
    }

    public static string? LabelValue(string? value, string parameterName, string what)
    {
        if (value is not null && !LabelValuePattern().IsMatch(value))
        {
            throw new ArgumentException($"{what} '{value}' cannot be a node label value (at most 63 letters, digits, '-', '_', '.', starting and ending with a letter or digit)", parameterName);
        }

        return value;
    }

    public static string? Host(string? value, string parameterName)
    {
        if (value is null)
        {
            return null;
        }

        var name = value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : value;
        if (!KubernetesNames.IsDnsSubdomain(name))
        {
            throw new ArgumentException($"ingress host '{value}' is not a DNS name (lowercase, for example api.example.com or *.example.com)", parameterName);
        }

        return value;
    }

    [GeneratedRegex(@"^[1-9][0-9]*g\.[1-9][0-9]*gb$")]
    private static partial Regex Mig();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$")]
    private static partial Regex LabelValuePattern();
}
