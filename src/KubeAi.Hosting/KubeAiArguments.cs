using System.Globalization;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace Aspire.Hosting.KubeAi;

/// <summary>Argument checks shared by the extensions: each throws an <see cref="ArgumentException"/> naming the value and what is allowed.</summary>
internal static class KubeAiArguments
{
    public static string? Quantity(string? value, string parameterName)
    {
        if (value is not null && Quantities.Check(value, QuantityRange.Positive) is { } reason)
        {
            throw new ArgumentException($"'{Messages.OneLine(value, Quantities.MaxLength)}' {reason}", parameterName);
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
        if (value is not null && KubernetesNames.CheckMigProfile(value) is { } reason)
        {
            throw new ArgumentException($"'{Messages.OneLine(value, 100)}' {reason}", parameterName);
        }

        return value;
    }

    public static string? LabelValue(string? value, string parameterName, string what)
    {
        if (value is not null && (value.Length == 0 || !KubernetesNames.IsLabelValue(value)))
        {
            throw new ArgumentException($"{what} '{Messages.OneLine(value, 100)}' cannot be a node label value ({KubernetesNames.LabelValueRule}, not empty)", parameterName);
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
}
