using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace KubeAi.Validation;

[Flags]
internal enum SchemaTypes
{
    None = 0,
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Object = 16,
    Array = 32,
}

internal enum QuantityMode
{
    None,

    /// <summary>Built-in <c>resource.Quantity</c>: the API server's decoder takes a string or any JSON number.</summary>
    StringOrNumber,

    /// <summary>CRD quantity (<c>x-kubernetes-int-or-string</c> plus the quantity pattern): integer or string only.</summary>
    IntOrString,
}

/// <summary>One enum value, normalised so YAML and schema values compare by JSON type and text.</summary>
internal readonly record struct EnumValue(YamlValueKind Kind, string Text)
{
    public override string ToString() => Kind == YamlValueKind.String ? $"\"{Text}\"" : Text;
}

/// <summary>
/// A compiled OpenAPI v3 schema node (the structural subset Kubernetes uses). Immutable once compiled;
/// references are resolved to shared nodes, so the graph may be cyclic.
/// </summary>
internal sealed class SchemaNode
{
    private static readonly ConcurrentDictionary<string, Regex?> RegexCache = new(StringComparer.Ordinal);

    public string? DefinitionName { get; set; }

    public SchemaTypes Type { get; set; }

    public bool Nullable { get; set; }

    public string? Format { get; set; }

    public bool IntOrString { get; set; }

    /// <summary>IntOrString whose integer must fit in an int32 (the built-in intstr.IntOrString).</summary>
    public bool IntOrStringInt32 { get; set; }

    public QuantityMode Quantity { get; set; }

    public Dictionary<string, SchemaNode>? Properties { get; set; }

    public string[]? Required { get; set; }

    public SchemaNode? AdditionalProperties { get; set; }

    /// <summary><c>additionalProperties: true</c>.</summary>
    public bool AdditionalPropertiesAllowed { get; set; }

    public bool PreserveUnknownFields { get; set; }

    /// <summary>
    /// A structural (CRD) <c>type: object</c> node without properties: the API server prunes every field, so any
    /// field is reported. Built-in schemas use property-less objects for free-form data (RawExtension, FieldsV1).
    /// </summary>
    public bool ClosedWhenNoProperties { get; set; }

    public SchemaNode? Items { get; set; }

    public EnumValue[]? Enum { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    public bool ExclusiveMinimum { get; set; }

    public bool ExclusiveMaximum { get; set; }

    public long? MinLength { get; set; }

    public long? MaxLength { get; set; }

    public long? MinItems { get; set; }

    public long? MaxItems { get; set; }

    public long? MinProperties { get; set; }

    public long? MaxProperties { get; set; }

    public string? Pattern { get; set; }

    public SchemaNode[]? AllOf { get; set; }

    public SchemaNode[]? AnyOf { get; set; }

    public SchemaNode[]? OneOf { get; set; }

    public SchemaNode? Not { get; set; }

    public string? ListType { get; set; }

    public string[]? ListMapKeys { get; set; }

    public object? Default { get; set; }

    /// <summary>Shape of core/v1 ResourceRequirements (limits/requests maps of quantities).</summary>
    public bool IsResourceRequirements { get; set; }

    /// <summary>The compiled regular expression for <see cref="Pattern"/>, or null when .NET cannot compile it.</summary>
    public Regex? PatternRegex => Pattern is null ? null : RegexCache.GetOrAdd(Pattern, static p =>
    {
        try
        {
            // CRD patterns are RE2 (Go) syntax: no backtracking constructs, so the non-backtracking engine fits.
            return new Regex(p, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            try
            {
                return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    });

    public static EnumValue ToEnumValue(object? value) => value switch
    {
        null => new EnumValue(YamlValueKind.Null, "null"),
        string s => new EnumValue(YamlValueKind.String, s),
        bool b => new EnumValue(YamlValueKind.Boolean, b ? "true" : "false"),
        long l => new EnumValue(YamlValueKind.Integer, l.ToString(CultureInfo.InvariantCulture)),
        BigInteger bi => new EnumValue(YamlValueKind.Integer, bi.ToString(CultureInfo.InvariantCulture)),
        double d => new EnumValue(YamlValueKind.Float, d.ToString("R", CultureInfo.InvariantCulture)),
        _ => new EnumValue(YamlValueKind.Unsupported, value.ToString() ?? string.Empty),
    };

    public string DescribeType()
    {
        if (Quantity == QuantityMode.StringOrNumber)
        {
            return "a quantity (string or number)";
        }

        if (IntOrString)
        {
            return "an integer or a string";
        }

        var names = new List<string>(2);
        if (Type.HasFlag(SchemaTypes.String))
        {
            names.Add("string");
        }

        if (Type.HasFlag(SchemaTypes.Integer))
        {
            names.Add("integer");
        }

        if (Type.HasFlag(SchemaTypes.Number))
        {
            names.Add("number");
        }

        if (Type.HasFlag(SchemaTypes.Boolean))
        {
            names.Add("boolean");
        }

        if (Type.HasFlag(SchemaTypes.Object))
        {
            names.Add("object");
        }

        if (Type.HasFlag(SchemaTypes.Array))
        {
            names.Add("array");
        }

        return names.Count == 0 ? "any value" : string.Join(" or ", names);
    }
}
