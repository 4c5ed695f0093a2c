using System.Text.RegularExpressions;
using k8s.Models;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>What a quantity may be, beyond its grammar.</summary>
public enum QuantityRange
{
    /// <summary>Any quantity the API server parses (negative ones too): what the validator of generated files accepts.</summary>
    Any,

    /// <summary>At least zero: thresholds such as KEDA's activation threshold.</summary>
    NonNegative,

    /// <summary>Greater than zero: requests, limits, sizes, metric targets.</summary>
    Positive,
}

/// <summary>
/// The one place KubeAi parses, checks and compares Kubernetes quantities (<c>500m</c>, <c>1.5</c>,
/// <c>2Gi</c>, <c>129e6</c>). The grammar is k8s.io/apimachinery's, checked exactly (the client
/// library's parser also takes <c>" 1Gi"</c> or <c>"1,5"</c>); the value is
/// <see cref="ResourceQuantity"/>'s, so comparison agrees with what KubeAi writes.
/// </summary>
public static partial class Quantities
{
    /// <summary>Longest quantity text accepted: far beyond any real one, short enough to quote in a message.</summary>
    public const int MaxLength = 64;

    /// <summary>What a quantity looks like, for messages.</summary>
    public const string Hint = "a Kubernetes quantity is a number with an optional suffix, for example 500m, 1.5, 2, 512Mi, 10Gi, 129e6";

    /// <summary>The quantity, when <paramref name="text"/> is one exactly as Kubernetes reads it; magnitude at most 2^63-1.</summary>
    public static bool TryParse(string? text, out ResourceQuantity quantity)
    {
        quantity = null!;
        if (text is null || text.Length is 0 or > MaxLength || !Grammar().IsMatch(text))
        {
            return false;
        }

        try
        {
            quantity = new ResourceQuantity(text);
            var value = quantity.ToDouble();
            return double.IsFinite(value) && Math.Abs(value) <= (double)ResourceQuantity.MaxAllowed;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="text"/> is a quantity in <paramref name="range"/>.</summary>
    public static bool IsQuantity(string? text, QuantityRange range = QuantityRange.Any) => Check(text, range) is null;

    /// <summary>The numeric value of a valid quantity (<c>1Gi</c> = 1073741824, <c>500m</c> = 0.5).</summary>
    public static double ValueOf(string text) =>
        TryParse(text, out var quantity) ? quantity.ToDouble() : throw new ArgumentException($"'{Messages.OneLine(text, 80)}' is not a quantity", nameof(text));

    /// <summary>Null when <paramref name="text"/> is a quantity in <paramref name="range"/>, otherwise why not (one short phrase).</summary>
    public static string? Check(string? text, QuantityRange range = QuantityRange.Any)
    {
        if (!TryParse(text, out var quantity))
        {
            return text is { Length: > MaxLength } ? $"is longer than {MaxLength} characters; {Hint}" : $"is not a Kubernetes quantity; {Hint}";
        }

        var value = quantity.ToDouble();
        return range switch
        {
            QuantityRange.Positive when value <= 0 => "must be greater than zero",
            QuantityRange.NonNegative when value < 0 => "must not be negative",
            _ => null,
        };
    }

    /// <summary>
    /// Throws <paramref name="code"/> (default KUBEAI3003) naming the field and the escaped value unless
    /// <paramref name="text"/> is a quantity in <paramref name="range"/>.
    /// </summary>
    public static string Require(string text, string field, string origin, QuantityRange range = QuantityRange.Positive, string? code = null)
    {
        if (Check(text, range) is { } reason)
        {
            throw new KubeAiException(code ?? ErrorCodes.InvalidQuantity, $"{field} '{Messages.OneLine(text, MaxLength)}' {reason}", origin);
        }

        return text;
    }

    /// <summary>Compares two valid quantities by value (<c>1Gi</c> &gt; <c>1000Mi</c>).</summary>
    public static int Compare(string left, string right) => ValueOf(left).CompareTo(ValueOf(right));

    // k8s.io/apimachinery/pkg/api/resource: <signedNumber><suffix>, suffix binary SI, decimal SI or a decimal exponent.
    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>Parses a quantity (<c>500m</c>, <c>1.5</c>, <c>2Gi</c>, <c>1e3</c>); <paramref name="value"/> is its numeric value.</summary>
    public static bool TryParseValue(string? text, out double value)
    {
        value = 0;
        if (!TryParse(text, out ResourceQuantity quantity))
        {
            return false;
        }

        value = quantity.ToDouble();
        return true;
    }
}
