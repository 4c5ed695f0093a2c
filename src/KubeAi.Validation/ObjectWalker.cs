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
}
