using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>The schema walk: dispatch on the node kind, type checks and oneOf/anyOf trials.</summary>
internal sealed partial class ObjectWalker
{
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
}
