using KubeAi.Core.AppModel;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>Kubernetes rules beyond the schema for object metadata: names, labels, annotations, ConfigMap/Secret data keys.</summary>
internal sealed partial class ObjectWalker
{
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
            if (KubernetesNames.CheckQualifiedName(key) is { } keyError)
            {
                Report(keyNode, $"invalid label key \"{Snippet(key)}\": {keyError}");
            }

            if (valueNode is YamlScalarNode scalar && YamlScalars.KindOf(scalar) == YamlValueKind.String &&
                KubernetesNames.CheckLabelValue(scalar.Value ?? string.Empty) is { } valueError)
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
            if (KubernetesNames.CheckQualifiedName(key.ToLowerInvariant()) is { } keyError)
            {
                path.Add(PathSegment.Key(key));
                Report(keyNode, $"invalid annotation key \"{Snippet(key)}\": {keyError}");
                path.RemoveAt(path.Count - 1);
            }
        }

        if (total > KubernetesNames.TotalAnnotationSizeLimit)
        {
            Report(annotations, $"annotations may not exceed {KubernetesNames.TotalAnnotationSizeLimit} bytes in total (got {total})");
        }
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
            !KubernetesNames.IsDns1123Label(ns.Value ?? string.Empty))
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
                return KubernetesNames.IsPathSegmentName(value) ? null : "must be a valid path segment (not '.' or '..', without '/' or '%')";
            case ("", "Service"):
            case ("serving.kserve.io", "InferenceService"):
                return KubernetesNames.IsDns1035Label(value) ? null : Label1035;
            case ("", "Namespace"):
                return KubernetesNames.IsDns1123Label(value) ? null : Label1123;
            case ("batch", "CronJob") when value.Length > 52:
                return "must be no more than 52 characters (the CronJob controller appends a suffix for its Jobs)";
            default:
                return KubernetesNames.IsDnsSubdomain(value) ? null : Subdomain;
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
                if (KubernetesNames.CheckConfigKey(key) is { } error)
                {
                    path.Add(PathSegment.Key(key));
                    Report(keyNode, $"invalid key \"{Snippet(key)}\": {error}");
                    path.RemoveAt(path.Count - 1);
                }
            }

            path.RemoveAt(path.Count - 1);
        }
    }
}
