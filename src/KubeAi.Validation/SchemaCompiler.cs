using System.Numerics;

namespace KubeAi.Validation;

/// <summary>
/// Compiles OpenAPI v3 schemas held as plain trees (<see cref="Dictionary{TKey,TValue}"/> of string to object,
/// <see cref="List{T}"/>, string, bool, long, double) into <see cref="SchemaNode"/>s.
/// </summary>
internal sealed class SchemaCompiler
{
    /// <summary>The quantity pattern controller-gen emits for <c>resource.Quantity</c> fields in CRDs.</summary>
    public const string CrdQuantityPattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private const string DefinitionsPrefix = "#/definitions/";

    // Keywords that change what a node accepts; a single-entry allOf without any of these is just a reference.
    private static readonly HashSet<string> SemanticKeywords = new(StringComparer.Ordinal)
    {
        "type", "format", "nullable", "properties", "required", "additionalProperties", "items", "enum",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems",
        "maxItems", "minProperties", "maxProperties", "pattern", "anyOf", "oneOf", "not", "$ref",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-list-type",
        "x-kubernetes-list-map-keys",
    };

    private readonly bool structural;
    private readonly Func<string, SchemaNode>? resolveDefinition;

    /// <param name="structural">True for CRD (structural) schemas, false for the built-in definitions.</param>
    /// <param name="resolveDefinition">Resolves a definition name for <c>#/definitions/NAME</c> references.</param>
    public SchemaCompiler(bool structural, Func<string, SchemaNode>? resolveDefinition)
    {
        this.structural = structural;
        this.resolveDefinition = resolveDefinition;
    }

    public SchemaNode Compile(object? schema)
    {
        if (schema is not Dictionary<string, object?> map)
        {
            // "true", "{}" or something unexpected: accept anything.
            return new SchemaNode();
        }

        if (map.TryGetValue("$ref", out var reference) && reference is string refText)
        {
            return Resolve(refText);
        }

        if (map.TryGetValue("allOf", out var allOf) && allOf is List<object?> { Count: 1 } single &&
            !map.Keys.Any(k => k != "allOf" && SemanticKeywords.Contains(k)))
        {
            return Compile(single[0]);
        }

        var node = new SchemaNode();
        Fill(node, map);
        return node;
    }

    public void Fill(SchemaNode node, Dictionary<string, object?> map)
    {
        foreach (var (key, value) in map)
        {
            switch (key)
            {
                case "type":
                    node.Type = value switch
                    {
                        string s => ParseType(s),
                        List<object?> list => list.OfType<string>().Aggregate(SchemaTypes.None, (acc, s) => acc | ParseType(s)),
                        _ => SchemaTypes.None,
                    };
                    break;
                case "nullable":
                    node.Nullable = value is true;
                    break;
                case "format":
                    node.Format = value as string;
                    break;
                case "x-kubernetes-int-or-string":
                    node.IntOrString = value is true;
                    break;
                case "x-kubernetes-preserve-unknown-fields":
                    node.PreserveUnknownFields = value is true;
                    break;
                case "properties" when value is Dictionary<string, object?> properties:
                    node.Properties = new Dictionary<string, SchemaNode>(properties.Count, StringComparer.Ordinal);
                    foreach (var (name, propertySchema) in properties)
                    {
                        node.Properties[name] = Compile(propertySchema);
                    }

                    break;
                case "required" when value is List<object?> required:
                    node.Required = required.OfType<string>().ToArray();
                    break;
                case "additionalProperties":
                    if (value is bool allowed)
                    {
                        node.AdditionalPropertiesAllowed = allowed;
                        node.ClosedWhenNoProperties |= !allowed;
                    }
                    else if (value is Dictionary<string, object?>)
                    {
                        node.AdditionalProperties = Compile(value);
                    }

                    break;
                case "items":
                    // The list form (tuple validation) is not used by Kubernetes schemas; treat it as "any item".
                    node.Items = value is Dictionary<string, object?> ? Compile(value) : new SchemaNode();
                    break;
                case "enum" when value is List<object?> values:
                    node.Enum = values.Select(SchemaNode.ToEnumValue).ToArray();
                    break;
                case "minimum":
                    node.Minimum = ToDouble(value);
                    break;
                case "maximum":
                    node.Maximum = ToDouble(value);
                    break;
                case "exclusiveMinimum":
                    node.ExclusiveMinimum = value is true;
                    break;
                case "exclusiveMaximum":
                    node.ExclusiveMaximum = value is true;
                    break;
                case "minLength":
                    node.MinLength = ToLong(value);
                    break;
                case "maxLength":
                    node.MaxLength = ToLong(value);
                    break;
                case "minItems":
                    node.MinItems = ToLong(value);
                    break;
                case "maxItems":
                    node.MaxItems = ToLong(value);
                    break;
                case "minProperties":
                    node.MinProperties = ToLong(value);
                    break;
                case "maxProperties":
                    node.MaxProperties = ToLong(value);
                    break;
                case "pattern":
                    node.Pattern = value as string;
                    break;
                case "allOf" when value is List<object?> list:
                    node.AllOf = list.Select(Compile).ToArray();
                    break;
                case "anyOf" when value is List<object?> list:
                    node.AnyOf = list.Select(Compile).ToArray();
                    break;
                case "oneOf" when value is List<object?> list:
                    node.OneOf = list.Select(Compile).ToArray();
                    break;
                case "not":
                    node.Not = Compile(value);
                    break;
                case "x-kubernetes-list-type":
                    node.ListType = value as string;
                    break;
                case "x-kubernetes-list-map-keys" when value is List<object?> keys:
                    node.ListMapKeys = keys.OfType<string>().ToArray();
                    break;
                case "default":
                    node.Default = value;
                    break;
            }
        }

        if (node.Format == "int-or-string" || IsIntOrStringPair(node.OneOf) || IsIntOrStringPair(node.AnyOf))
        {
            node.IntOrString = true;
        }

        if (node.IntOrString)
        {
            // The int/string alternative is what IntOrString already means; drop it so it is not evaluated twice.
            if (IsIntOrStringPair(node.AnyOf))
            {
                node.AnyOf = null;
            }

            if (IsIntOrStringPair(node.OneOf))
            {
                node.OneOf = null;
            }

            if (node.Pattern == CrdQuantityPattern)
            {
                node.Quantity = QuantityMode.IntOrString;
            }
        }

        if (structural && node.Type == SchemaTypes.Object && node.Properties is null && node.AdditionalProperties is null &&
            !node.AdditionalPropertiesAllowed && !node.PreserveUnknownFields)
        {
            node.ClosedWhenNoProperties = true;
        }
    }

    /// <summary>
    /// Marks nodes whose meaning needs the whole graph (run once after compiling, when every reference is filled).
    /// </summary>
    public static void Finish(IEnumerable<SchemaNode> roots)
    {
        var visited = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<SchemaNode>(roots);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!visited.Add(node))
            {
                continue;
            }

            if (node.Properties is { } properties)
            {
                node.IsResourceRequirements =
                    properties.TryGetValue("limits", out var limits) && properties.TryGetValue("requests", out var requests) &&
                    limits.AdditionalProperties?.Quantity is not (null or QuantityMode.None) &&
                    requests.AdditionalProperties?.Quantity is not (null or QuantityMode.None);
                foreach (var child in properties.Values)
                {
                    stack.Push(child);
                }
            }

            PushAll(stack, node.AdditionalProperties, node.Items, node.Not);
            PushAll(stack, node.AllOf);
            PushAll(stack, node.AnyOf);
            PushAll(stack, node.OneOf);
        }
    }

    private static void PushAll(Stack<SchemaNode> stack, params SchemaNode?[]? nodes)
    {
        if (nodes is null)
        {
            return;
        }

        foreach (var node in nodes)
        {
            if (node is not null)
            {
                stack.Push(node);
            }
        }
    }

    private SchemaNode Resolve(string reference)
    {
        if (resolveDefinition is null || !reference.StartsWith(DefinitionsPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unsupported schema reference '{reference}'.");
        }

        return resolveDefinition(reference[DefinitionsPrefix.Length..]);
    }

    private static bool IsIntOrStringPair(SchemaNode[]? alternatives) =>
        alternatives is { Length: 2 } &&
        alternatives.Any(a => a.Type == SchemaTypes.Integer && IsBare(a)) &&
        alternatives.Any(a => a.Type == SchemaTypes.String && IsBare(a));

    private static bool IsBare(SchemaNode node) =>
        node.Properties is null && node.Enum is null && node.Pattern is null && node.AllOf is null && node.AnyOf is null &&
        node.OneOf is null && node.Format is null && node.Minimum is null && node.Maximum is null && node.MaxLength is null;

    private static SchemaTypes ParseType(string type) => type switch
    {
        "string" => SchemaTypes.String,
        "integer" => SchemaTypes.Integer,
        "number" => SchemaTypes.Number,
        "boolean" => SchemaTypes.Boolean,
        "object" => SchemaTypes.Object,
        "array" => SchemaTypes.Array,
        _ => SchemaTypes.None,
    };

    private static double? ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        BigInteger b => (double)b,
        _ => null,
    };

    private static long? ToLong(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        BigInteger b => (long)b,
        _ => null,
    };
}
