using System.Text.Json;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>
/// Strict reading of a JSON object of KubeAi's own contract: every key must be known (a typo
/// must not silently do nothing) and every value of the expected type.
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _element;

    public JsonFields(JsonElement element, string origin, params string[] knownKeys)
    {
        Origin = origin;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"expected a JSON object, found {element.ValueKind}", origin);
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!knownKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new KubeAiException(
                    ErrorCodes.ManifestInvalidStructure,
                    $"unknown key '{property.Name}'; known keys are {string.Join(", ", knownKeys)}",
                    $"{origin}.{property.Name}");
            }
        }

        _element = element;
    }

    public string Origin { get; }

    public string At(string key) => $"{Origin}.{key}";

    public bool Has(string key) => _element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement? Element(string key) =>
        _element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public JsonFields? Object(string key, params string[] knownKeys) =>
        Element(key) is { } value ? new JsonFields(value, At(key), knownKeys) : null;

    public string? String(string key)
    {
        if (Element(key) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"'{key}' must be a string, not {value.ValueKind}", At(key));
    }

    public long? Integer(string key, long minimum = long.MinValue, long maximum = long.MaxValue, string? code = null)
    {
        if (Element(key) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw new KubeAiException(code ?? ErrorCodes.InvalidFieldValue, $"{key} {value.GetRawText()} is not a whole number", At(key));
        }

        if (number < minimum || number > maximum)
        {
            var range = maximum == long.MaxValue ? $"at least {minimum}" : $"between {minimum} and {maximum}";
            throw new KubeAiException(code ?? ErrorCodes.InvalidFieldValue, $"{key} {number} is out of range: it must be {range}", At(key));
        }

        return number;
    }

    public bool? Boolean(string key)
    {
        if (Element(key) is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"'{key}' must be true or false, not {value.GetRawText()}", At(key)),
        };
    }

    /// <summary>
    /// A quantity field (a JSON string, or a number as written), checked by <see cref="Quantities"/>: sizes,
    /// requests and limits are amounts, so by default it must be greater than zero.
    /// </summary>
    public string? Quantity(string key, string? code = null, QuantityRange range = QuantityRange.Positive)
    {
        var text = Element(key) is { ValueKind: JsonValueKind.Number } number ? number.GetRawText() : String(key);
        return text is null ? null : Quantities.Require(text, key, At(key), range, code);
    }

    public IReadOnlyList<JsonElement> Array(string key)
    {
        if (Element(key) is not { } value)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"'{key}' must be an array", At(key));
    }

    public IReadOnlyList<string> Strings(string key) =>
        Array(key).Select((v, i) => v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"'{key}[{i}]' must be a string", $"{At(key)}[{i}]")).ToList();
}
