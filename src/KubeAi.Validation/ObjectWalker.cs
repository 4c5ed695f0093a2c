using System.Globalization;
using KubeAi.Core.Validation;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>
/// Walks one YAML document against its schema, collecting violations. Not thread-safe: one instance per
/// <see cref="SchemaValidator.Validate(string, string)"/> call.
/// </summary>
internal sealed partial class ObjectWalker
{
    private const int MaxSnippetLength = 60;

    private readonly SchemaCatalog catalog;
    private readonly string source;
    private readonly List<PathSegment> path = [];
    private List<SchemaViolation> sink;
    private int documentIndex;
    private string? kind;
    private string? name;

    public ObjectWalker(SchemaCatalog catalog, string source, List<SchemaViolation> sink)
    {
        this.catalog = catalog;
        this.source = source;
        this.sink = sink;
    }

    /// <summary>Validates one document; returns how many objects it held (0 for an empty or skipped document).</summary>
    public int ValidateDocument(YamlDocument document, int index, bool skipKustomize)
    {
        documentIndex = index;
        kind = null;
        name = null;
        path.Clear();
        var root = document.RootNode;
        if (root is YamlScalarNode scalar && YamlScalars.KindOf(scalar) == YamlValueKind.Null)
        {
            return 0; // empty document (e.g. only comments)
        }

        return ValidateObject(root, skipKustomize);
    }

    private int ValidateObject(YamlNode node, bool skipKustomize)
    {
        if (node is not YamlMappingNode map)
        {
            Report(node, $"a Kubernetes object must be a mapping, got {Describe(node, YamlScalars.KindOf(node))}");
            return 0;
        }

        var apiVersion = ScalarText(Child(map, "apiVersion"));
        var objectKind = ScalarText(Child(map, "kind"));
        var savedKind = kind;
        var savedName = name;
        kind = objectKind;
        name = ScalarText(Child(Child(map, "metadata") as YamlMappingNode, "name"));
        try
        {
            if (skipKustomize && objectKind is "Kustomization" or "Component" &&
                apiVersion?.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal) == true)
            {
                return 0;
            }

            if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(objectKind))
            {
                foreach (var field in new[] { "apiVersion", "kind" })
                {
                    if (string.IsNullOrEmpty(ScalarText(Child(map, field))))
                    {
                        ReportAt(map, field, $"required field \"{field}\" is missing");
                    }
                }

                return 1;
            }

            if (apiVersion == "v1" && objectKind == "List")
            {
                return ValidateList(map, skipKustomize);
            }

            var slash = apiVersion.IndexOf('/');
            var group = slash < 0 ? string.Empty : apiVersion[..slash];
            var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
            var schema = version.Contains('/') ? null : catalog.Find(group, version, objectKind);
            if (schema is null)
            {
                Report(map, UnknownKindMessage(apiVersion, group, objectKind));
                return 1;
            }

            Validate(map, schema.Root);
            CheckObjectMetadata(map, schema);
            CheckDataKeys(map, schema);
            return 1;
        }
        finally
        {
            kind = savedKind;
            name = savedName;
        }
    }

    private int ValidateList(YamlMappingNode list, bool skipKustomize)
    {
        var count = 0;
        foreach (var (keyNode, value) in list.Children)
        {
            var key = ScalarText(keyNode);
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (key != "items" || value is not YamlSequenceNode items)
            {
                ReportAt(keyNode, key ?? "?", key == "items" ? "must be an array" : $"unknown field \"{key}\"");
                continue;
            }

            path.Add(PathSegment.Field("items"));
            for (var i = 0; i < items.Children.Count; i++)
            {
                path.Add(PathSegment.Item(i));
                count += ValidateObject(items.Children[i], skipKustomize);
                path.RemoveAt(path.Count - 1);
            }

            path.RemoveAt(path.Count - 1);
        }

        return count;
    }

    private string UnknownKindMessage(string apiVersion, string group, string objectKind)
    {
        var message = $"unknown apiVersion/kind \"{apiVersion}, Kind={objectKind}\": no schema is known for it";
        var versions = catalog.KnownVersions(group, objectKind);
        if (versions.Count > 0)
        {
            var prefix = group.Length == 0 ? string.Empty : group + "/";
            return message + $" (known apiVersions for {objectKind}: {string.Join(", ", versions.Select(v => prefix + v))})";
        }

        var groups = catalog.KnownGroups(objectKind);
        if (groups.Count > 0)
        {
            return message + $" ({objectKind} is defined in API group(s): {string.Join(", ", groups.Select(g => g.Length == 0 ? "core (apiVersion v1)" : g))})";
        }

        return message + " (KubeAi validates the Kubernetes 1.35 built-in kinds and its bundled CRDs: JobSet, Kueue, " +
            "PyTorchJob, TrainJob/TrainingRuntime, KServe and KEDA ScaledObject)";
    }

    // ---- schema walk ------------------------------------------------------------------------------------------

    private void Validate(YamlNode node, SchemaNode schema, bool suppressUnknown = false)
    {
        var valueKind = YamlScalars.KindOf(node);
        switch (valueKind)
        {
            case YamlValueKind.Unsupported:
                Report(node, "unsupported YAML value (a custom tag, or a tagged scalar that does not match its tag)");
                return;
            case YamlValueKind.Null:
                if (!schema.Nullable && !AcceptsAnything(schema))
                {
                    Report(node, $"must be {schema.DescribeType()}, got null");
                }

                return;
        }

        if (!TypeAccepts(schema, valueKind))
        {
            Report(node, TypeMismatchMessage(node, schema, valueKind));
            return;
        }

        switch (node)
        {
            case YamlMappingNode map:
                ValidateMapping(map, schema, suppressUnknown);
                break;
            case YamlSequenceNode sequence:
                ValidateSequence(sequence, schema);
                break;
            case YamlScalarNode scalar:
                ValidateScalar(scalar, schema, valueKind);
                break;
        }

        if (schema.AllOf is { } allOf)
        {
            foreach (var member in allOf)
            {
                Validate(node, member, suppressUnknown: true);
            }
        }

        if (schema.AnyOf is { } anyOf)
        {
            List<SchemaViolation>? firstFailure = null;
            var passed = false;
            foreach (var branch in anyOf)
            {
                var errors = Trial(node, branch, SuppressUnknownIn(branch, schema));
                if (errors.Count == 0)
                {
                    passed = true;
                    break;
                }

                firstFailure ??= errors;
            }

            if (!passed)
            {
                Report(node, "must match at least one of the schema's anyOf alternatives" + FirstReason(firstFailure));
            }
        }

        if (schema.OneOf is { } oneOf)
        {
            var matches = 0;
            List<SchemaViolation>? firstFailure = null;
            foreach (var branch in oneOf)
            {
                var errors = Trial(node, branch, SuppressUnknownIn(branch, schema));
                if (errors.Count == 0)
                {
                    matches++;
                }
                else
                {
                    firstFailure ??= errors;
                }
            }

            if (matches == 0)
            {
                Report(node, "must match exactly one of the schema's oneOf alternatives, matches none" + FirstReason(firstFailure));
            }
            else if (matches > 1)
            {
                Report(node, $"must match exactly one of the schema's oneOf alternatives, matches {matches}");
            }
        }

        if (schema.Not is { } not && Trial(node, not, suppressUnknown: true).Count == 0)
        {
            Report(node, "must not match the schema's 'not' alternative");
        }
    }

    private static bool SuppressUnknownIn(SchemaNode branch, SchemaNode parent) =>
        branch.Properties is null || parent.Properties is not null;

    private static string FirstReason(List<SchemaViolation>? errors) =>
        errors is { Count: > 0 } ? $" (first alternative: {errors[0].Path}: {errors[0].Message})" : string.Empty;

    private List<SchemaViolation> Trial(YamlNode node, SchemaNode branch, bool suppressUnknown)
    {
        var saved = sink;
        var errors = new List<SchemaViolation>();
        sink = errors;
        try
        {
            Validate(node, branch, suppressUnknown);
        }
        finally
        {
            sink = saved;
        }

        return errors;
    }

    private static bool AcceptsAnything(SchemaNode schema) =>
        schema.Type == SchemaTypes.None && !schema.IntOrString && schema.Quantity == QuantityMode.None;

    private static bool TypeAccepts(SchemaNode schema, YamlValueKind kind)
    {
        if (schema.Quantity == QuantityMode.StringOrNumber)
        {
            return kind is YamlValueKind.Integer or YamlValueKind.Float or YamlValueKind.String;
        }

        if (schema.IntOrString)
        {
            return kind is YamlValueKind.Integer or YamlValueKind.String;
        }

        if (schema.Type == SchemaTypes.None)
        {
            return true;
        }

        return kind switch
        {
            YamlValueKind.String => schema.Type.HasFlag(SchemaTypes.String),
            YamlValueKind.Integer => (schema.Type & (SchemaTypes.Integer | SchemaTypes.Number)) != 0,
            YamlValueKind.Float => schema.Type.HasFlag(SchemaTypes.Number),
            YamlValueKind.Boolean => schema.Type.HasFlag(SchemaTypes.Boolean),
            YamlValueKind.Mapping => schema.Type.HasFlag(SchemaTypes.Object),
            YamlValueKind.Sequence => schema.Type.HasFlag(SchemaTypes.Array),
            _ => false,
        };
    }

    private static string TypeMismatchMessage(YamlNode node, SchemaNode schema, YamlValueKind kind)
    {
        var message = $"must be {schema.DescribeType()}, got {Describe(node, kind)}";
        if (node is not YamlScalarNode scalar)
        {
            return message;
        }

        var wantsString = schema.Type.HasFlag(SchemaTypes.String) || schema.IntOrString;
        if (wantsString && kind is YamlValueKind.Boolean or YamlValueKind.Integer or YamlValueKind.Float)
        {
            return message + $"; quote it (\"{scalar.Value}\") to make it a string";
        }

        if (kind == YamlValueKind.String && scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
        {
            var unquoted = YamlScalars.ResolvePlain(scalar.Value ?? string.Empty);
            if (unquoted is YamlValueKind.Integer or YamlValueKind.Float or YamlValueKind.Boolean &&
                TypeAccepts(schema, unquoted))
            {
                return message + "; remove the quotes";
            }
        }

        if (kind == YamlValueKind.Float && schema.Type.HasFlag(SchemaTypes.Integer))
        {
            return message + "; a whole number is required";
        }

        return message;
    }

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
            if (!KubernetesRules.TryParseQuantity(text, out _))
            {
                Report(scalar, $"invalid quantity \"{Snippet(text)}\": {KubernetesRules.QuantityHint}");
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

    private void ValidateMapping(YamlMappingNode map, SchemaNode schema, bool suppressUnknown)
    {
        var parentField = path.Count > 0 && path[^1].IsField ? path[^1].Name : null;
        var allowUnknown = suppressUnknown || schema.PreserveUnknownFields || schema.AdditionalPropertiesAllowed ||
            schema.AdditionalProperties is not null ||
            (schema.Properties is null && !schema.ClosedWhenNoProperties && !AllOfDeclaresProperties(schema));

        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode keyScalar || YamlScalars.KindOf(keyScalar) == YamlValueKind.Null)
            {
                Report(keyNode, "mapping keys must be non-empty scalars");
                continue;
            }

            var key = keyScalar.Value ?? string.Empty;
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var property))
            {
                path.Add(PathSegment.Field(key));
                if (YamlScalars.KindOf(value) == YamlValueKind.Null && !property.Nullable)
                {
                    // The API server treats an explicit null like an absent field.
                    if (schema.Required is { } required && Array.IndexOf(required, key) >= 0)
                    {
                        Report(value, $"required field \"{key}\" is null");
                    }
                }
                else
                {
                    Validate(value, property);
                    if (value is YamlMappingNode valueMap)
                    {
                        CheckWellKnownMaps(schema, parentField, key, property, valueMap);
                    }
                }

                path.RemoveAt(path.Count - 1);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                path.Add(PathSegment.Key(key));
                Validate(value, additional);
                path.RemoveAt(path.Count - 1);
            }
            else if (!allowUnknown && !DeclaredInAllOf(schema, key))
            {
                path.Add(PathSegment.Field(key));
                Report(keyNode, UnknownFieldMessage(schema, key));
                path.RemoveAt(path.Count - 1);
            }
        }

        if (schema.Required is { } requiredFields)
        {
            foreach (var field in requiredFields)
            {
                if (Child(map, field) is null)
                {
                    ReportAt(map, field, $"required field \"{field}\" is missing");
                }
            }
        }

        var count = map.Children.Count;
        if (count < schema.MinProperties)
        {
            Report(map, $"must have at least {schema.MinProperties} properties (got {count})");
        }

        if (count > schema.MaxProperties)
        {
            Report(map, $"must have at most {schema.MaxProperties} properties (got {count})");
        }

        if (schema.IsResourceRequirements)
        {
            CheckResourceRequirements(map);
        }
    }

    private static bool AllOfDeclaresProperties(SchemaNode schema) =>
        schema.AllOf?.Any(m => m.Properties is not null || m.AdditionalProperties is not null || m.PreserveUnknownFields) == true;

    private static bool DeclaredInAllOf(SchemaNode schema, string key) =>
        schema.AllOf?.Any(m => m.Properties?.ContainsKey(key) == true || m.AdditionalProperties is not null || m.PreserveUnknownFields) == true;

    private static string UnknownFieldMessage(SchemaNode schema, string key)
    {
        var message = $"unknown field \"{key}\"";
        if (key == "<<")
        {
            return message + ": YAML merge keys are not supported here; write the fields out";
        }

        var known = schema.Properties?.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        if (known is not null)
        {
            return message + $"; did you mean \"{known}\"?";
        }

        if (schema.Properties is null && schema.ClosedWhenNoProperties)
        {
            return message + " (the schema declares no fields here, so the API server would drop it)";
        }

        return message;
    }

    private void ValidateSequence(YamlSequenceNode sequence, SchemaNode schema)
    {
        var items = sequence.Children;
        if (schema.Items is { } itemSchema)
        {
            for (var i = 0; i < items.Count; i++)
            {
                path.Add(PathSegment.Item(i));
                Validate(items[i], itemSchema);
                path.RemoveAt(path.Count - 1);
            }
        }

        if (items.Count < schema.MinItems)
        {
            Report(sequence, $"must have at least {schema.MinItems} items (got {items.Count})");
        }

        if (items.Count > schema.MaxItems)
        {
            Report(sequence, $"must have at most {schema.MaxItems} items (got {items.Count})");
        }

        if (schema.ListType == "set")
        {
            CheckSetUniqueness(items);
        }
        else if (schema.ListType == "map" && schema.ListMapKeys is { Length: > 0 } keys)
        {
            CheckMapListUniqueness(items, keys, schema.Items);
        }
    }

    private void CheckSetUniqueness(IList<YamlNode> items)
    {
        var seen = new Dictionary<EnumValue, int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlScalarNode scalar)
            {
                continue;
            }

            var kind = YamlScalars.KindOf(scalar);
            var value = new EnumValue(kind, scalar.Value ?? string.Empty);
            if (!seen.TryAdd(value, i))
            {
                path.Add(PathSegment.Item(i));
                Report(scalar, $"duplicate value {value} (also at index {seen[value]}); the list is a set");
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private void CheckMapListUniqueness(IList<YamlNode> items, string[] keys, SchemaNode? itemSchema)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var builder = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMappingNode item)
            {
                continue;
            }

            builder.Clear();
            var complete = true;
            foreach (var key in keys)
            {
                var text = ScalarText(Child(item, key));
                if (text is null && itemSchema?.Properties?.GetValueOrDefault(key)?.Default is { } defaultValue)
                {
                    text = Convert.ToString(defaultValue, CultureInfo.InvariantCulture);
                }

                if (text is null)
                {
                    complete = false;
                    break;
                }

                builder.Append(builder.Length == 0 ? string.Empty : ", ").Append(key).Append("=\"").Append(text).Append('"');
            }

            if (!complete)
            {
                continue;
            }

            var identity = builder.ToString();
            if (!seen.TryAdd(identity, i))
            {
                path.Add(PathSegment.Item(i));
                Report(item, $"duplicate entry with key {{{identity}}} (also at index {seen[identity]}); list entries must be unique by {string.Join(", ", keys)}");
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    // ---- Kubernetes rules beyond the schema ------------------------------------------------------------------

    private void CheckWellKnownMaps(SchemaNode owner, string? parentField, string key, SchemaNode property, YamlMappingNode value)
    {
        if (property.AdditionalProperties?.Type != SchemaTypes.String)
        {
            return; // only string maps carry labels
        }

        var isLabels = key switch
        {
            "labels" => parentField == "metadata",
            "matchLabels" or "nodeSelector" => true,
            "selector" => owner.DefinitionName is "io.k8s.api.core.v1.ServiceSpec" or "io.k8s.api.core.v1.ReplicationControllerSpec",
            _ => false,
        };
        if (isLabels)
        {
            CheckLabels(value);
        }
        else if (key == "annotations" && parentField == "metadata")
        {
            CheckAnnotations(value);
        }
    }

    private void CheckLabels(YamlMappingNode labels)
    {
        foreach (var (keyNode, valueNode) in labels.Children)
        {
            var key = ScalarText(keyNode) ?? string.Empty;
            path.Add(PathSegment.Key(key));
            if (KubernetesRules.CheckQualifiedName(key) is { } keyError)
            {
                Report(keyNode, $"invalid label key \"{Snippet(key)}\": {keyError}");
            }

            if (valueNode is YamlScalarNode scalar && YamlScalars.KindOf(scalar) == YamlValueKind.String &&
                KubernetesRules.CheckLabelValue(scalar.Value ?? string.Empty) is { } valueError)
            {
                Report(scalar, $"invalid label value \"{Snippet(scalar.Value ?? string.Empty)}\": {valueError}");
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    private void CheckAnnotations(YamlMappingNode annotations)
    {
        long total = 0;
        foreach (var (keyNode, valueNode) in annotations.Children)
        {
            var key = ScalarText(keyNode) ?? string.Empty;
            total += key.Length + (ScalarText(valueNode)?.Length ?? 0);
            if (KubernetesRules.CheckQualifiedName(key.ToLowerInvariant()) is { } keyError)
            {
                path.Add(PathSegment.Key(key));
                Report(keyNode, $"invalid annotation key \"{Snippet(key)}\": {keyError}");
                path.RemoveAt(path.Count - 1);
            }
        }

        if (total > KubernetesRules.TotalAnnotationSizeLimit)
        {
            Report(annotations, $"annotations may not exceed {KubernetesRules.TotalAnnotationSizeLimit} bytes in total (got {total})");
        }
    }

    private void CheckResourceRequirements(YamlMappingNode resources)
    {
        var limits = ReadQuantities(Child(resources, "limits") as YamlMappingNode);
        var requests = ReadQuantities(Child(resources, "requests") as YamlMappingNode);
        foreach (var (field, quantities) in new[] { ("limits", limits), ("requests", requests) })
        {
            foreach (var (resource, (value, text, node)) in quantities)
            {
                if (value < 0)
                {
                    ReportAt(node, field, resource, $"{text}: must be greater than or equal to 0");
                }
                else if (KubernetesRules.IsExtendedResourceName(resource) && Math.Abs(value - Math.Round(value)) > 1e-9)
                {
                    ReportAt(node, field, resource, $"{text}: extended resources must be whole numbers");
                }
            }
        }

        foreach (var (resource, (request, text, node)) in requests)
        {
            var extended = KubernetesRules.IsExtendedResourceName(resource);
            if (!limits.TryGetValue(resource, out var limit))
            {
                if (extended)
                {
                    ReportAt(node, "requests", resource, $"a limit must also be set for extended resource {resource} (it cannot be overcommitted)");
                }

                continue;
            }

            if (extended && Math.Abs(request - limit.Value) > 1e-9 * Math.Max(1, Math.Abs(limit.Value)))
            {
                ReportAt(node, "requests", resource, $"{text}: must be equal to the {resource} limit of {limit.Text} (extended resources cannot be overcommitted)");
            }
            else if (request > limit.Value * (1 + 1e-12))
            {
                ReportAt(node, "requests", resource, $"{text}: must be less than or equal to the {resource} limit of {limit.Text}");
            }
        }
    }

    private static Dictionary<string, (double Value, string Text, YamlNode Node)> ReadQuantities(YamlMappingNode? map)
    {
        var result = new Dictionary<string, (double, string, YamlNode)>(StringComparer.Ordinal);
        if (map is null)
        {
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (ScalarText(keyNode) is { } key && valueNode is YamlScalarNode scalar &&
                YamlScalars.KindOf(scalar) is YamlValueKind.String or YamlValueKind.Integer or YamlValueKind.Float &&
                KubernetesRules.TryParseQuantity(scalar.Value ?? string.Empty, out var value))
            {
                result[key] = (value, scalar.Value ?? string.Empty, scalar);
            }
        }

        return result;
    }

    private void CheckObjectMetadata(YamlMappingNode root, ObjectSchema schema)
    {
        if (schema.Kind.EndsWith("List", StringComparison.Ordinal))
        {
            return;
        }

        var metadata = Child(root, "metadata") as YamlMappingNode;
        var nameNode = Child(metadata, "name");
        path.Add(PathSegment.Field("metadata"));
        if (nameNode is YamlScalarNode nameScalar && YamlScalars.KindOf(nameScalar) == YamlValueKind.String)
        {
            if (CheckName(schema, nameScalar.Value ?? string.Empty) is { } error)
            {
                ReportAt(nameScalar, "name", $"invalid name \"{Snippet(nameScalar.Value ?? string.Empty)}\": {error}");
            }
        }
        else if (nameNode is null or YamlScalarNode { Value: "" or "~" or "null" } && ScalarText(Child(metadata, "generateName")) is null)
        {
            ReportAt((YamlNode?)metadata ?? root, "name", "required field \"name\" is missing (set metadata.name or metadata.generateName)");
        }

        if (Child(metadata, "namespace") is YamlScalarNode ns && YamlScalars.KindOf(ns) == YamlValueKind.String &&
            !KubernetesRules.IsDns1123Label(ns.Value ?? string.Empty))
        {
            ReportAt(ns, "namespace", $"invalid namespace \"{Snippet(ns.Value ?? string.Empty)}\": must be a lowercase RFC 1123 label " +
                "(lowercase alphanumeric characters or '-', starting and ending with an alphanumeric character, at most 63 characters)");
        }

        path.RemoveAt(path.Count - 1);
    }

    private static string? CheckName(ObjectSchema schema, string value)
    {
        const string Subdomain = "must be a lowercase RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', " +
            "starting and ending with an alphanumeric character (e.g. 'example.com'), at most 253 characters";
        const string Label1035 = "must be a DNS-1035 label: lowercase alphanumeric characters or '-', starting with a letter " +
            "and ending with an alphanumeric character (e.g. 'my-name'), at most 63 characters";
        const string Label1123 = "must be a lowercase RFC 1123 label: lowercase alphanumeric characters or '-', starting and " +
            "ending with an alphanumeric character (e.g. 'my-name'), at most 63 characters";
        switch (schema.Group, schema.Kind)
        {
            case ("rbac.authorization.k8s.io", _):
                return KubernetesRules.IsPathSegmentName(value) ? null : "must be a valid path segment (not '.' or '..', without '/' or '%')";
            case ("", "Service"):
            case ("serving.kserve.io", "InferenceService"):
                return KubernetesRules.IsDns1035Label(value) ? null : Label1035;
            case ("", "Namespace"):
                return KubernetesRules.IsDns1123Label(value) ? null : Label1123;
            case ("batch", "CronJob") when value.Length > 52:
                return "must be no more than 52 characters (the CronJob controller appends a suffix for its Jobs)";
            default:
                return KubernetesRules.IsDns1123Subdomain(value) ? null : Subdomain;
        }
    }

    private void CheckDataKeys(YamlMappingNode root, ObjectSchema schema)
    {
        string[] fields = (schema.Group, schema.Kind) switch
        {
            ("", "ConfigMap") => ["data", "binaryData"],
            ("", "Secret") => ["data", "stringData"],
            _ => [],
        };
        foreach (var field in fields)
        {
            if (Child(root, field) is not YamlMappingNode data)
            {
                continue;
            }

            path.Add(PathSegment.Field(field));
            foreach (var (keyNode, _) in data.Children)
            {
                var key = ScalarText(keyNode) ?? string.Empty;
                if (KubernetesRules.CheckConfigMapKey(key) is { } error)
                {
                    path.Add(PathSegment.Key(key));
                    Report(keyNode, $"invalid key \"{Snippet(key)}\": {error}");
                    path.RemoveAt(path.Count - 1);
                }
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

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

internal enum PathSegmentKind
{
    Field,
    Key,
    Index,
}

internal readonly record struct PathSegment(PathSegmentKind Kind, string? Name, int Index)
{
    public bool IsField => Kind == PathSegmentKind.Field;

    public static PathSegment Field(string name) => new(PathSegmentKind.Field, name, 0);

    public static PathSegment Key(string key) => new(PathSegmentKind.Key, key, 0);

    public static PathSegment Item(int index) => new(PathSegmentKind.Index, null, index);
}
