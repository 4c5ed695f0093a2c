using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>Mappings: required and unknown fields, additionalProperties, allOf.</summary>
internal sealed partial class ObjectWalker
{
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
}
