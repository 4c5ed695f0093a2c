using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Validation;

/// <summary>
/// Strict, offline validation of Kubernetes YAML against the Kubernetes 1.35 OpenAPI schemas and the bundled CRDs
/// (JobSet, Kueue, Kubeflow PyTorchJob/TrainJob/TrainingRuntime, KServe, KEDA ScaledObject).
/// </summary>
/// <remarks>
/// Stricter than <c>kubectl apply</c>: unknown fields are errors everywhere (unless the schema preserves unknown
/// fields or declares a map), every object needs a known apiVersion/kind, and values are checked for type, required
/// fields, enums, formats, ranges, lengths, patterns, list uniqueness, quantities, object names and labels.
/// YAML scalars are typed like a YAML 1.2 core-schema parser types them. Schemas load lazily, once; instances are
/// thread-safe.
/// </remarks>
public sealed class SchemaValidator
{
    private readonly SchemaCatalog catalog;

    private SchemaValidator(SchemaCatalog catalog)
    {
        this.catalog = catalog;
    }

    /// <summary>The validator for the embedded schemas.</summary>
    public static SchemaValidator Default { get; } = new(SchemaCatalog.Instance);

    /// <summary>
    /// Validates every document of a YAML stream (documents separated by <c>---</c>; empty documents are ignored,
    /// a <c>v1 List</c> is validated item by item).
    /// </summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="source">A label for the text (usually its file name), copied into each violation.</param>
    /// <returns>The violations; empty when the YAML is valid.</returns>
    public IReadOnlyList<SchemaViolation> Validate(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        var violations = new List<SchemaViolation>();
        ValidateText(yaml, source, violations, skipKustomize: false);
        return violations;
    }

    /// <summary>
    /// Validates every <c>*.yaml</c>/<c>*.yml</c> file under <paramref name="directory"/> (recursively, skipping
    /// folders whose name starts with '.'), except kustomize files: <c>kustomization.yaml</c>, documents of kind
    /// Kustomization/Component, and the files a kustomization only references (patches, generator inputs,
    /// transformer configs), which are not complete objects. A file that cannot be read as YAML (malformed, too
    /// large, too deep, binary, a FIFO, a link loop) is one <see cref="SchemaValidationResult.Problems"/> entry.
    /// </summary>
    /// <param name="directory">The folder to validate.</param>
    /// <returns>The violations, with sources relative to <paramref name="directory"/>, and what was checked.</returns>
    public SchemaValidationResult ValidateDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Validate(ManifestSet.Load(directory));
    }

    /// <summary>Validates a tree already read with <see cref="ManifestSet.Load"/> (the linter can read the same parse).</summary>
    /// <param name="set">The parsed files.</param>
    public SchemaValidationResult Validate(ManifestSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var files = set.Files; // without dot folders and Helm charts (ManifestSet.Load)

        var violations = new List<SchemaViolation>();
        var referencedOnly = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => ManifestSet.IsKustomization(Path.GetFileName(f.Full))))
        {
            CollectKustomizeReferences(file, referencedOnly);
        }

        var objects = 0;
        var filesChecked = 0;
        foreach (var file in files)
        {
            var extension = Path.GetExtension(file.Full);
            if (!(extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)) ||
                ManifestSet.IsKustomization(Path.GetFileName(file.Full)) || referencedOnly.Contains(file.Full))
            {
                continue;
            }

            filesChecked++;
            objects += ValidateDocuments(file.Documents, file.Relative, violations, skipKustomize: true);
        }

        return new SchemaValidationResult(violations, objects, filesChecked) { Problems = set.Problems };
    }

    /// <summary>Loads and compiles every embedded schema now instead of on first use; returns the number of kinds.</summary>
    public int Preload() => catalog.LoadAll();

    internal int ValidateText(string yaml, string source, List<SchemaViolation> violations, bool skipKustomize)
    {
        // Documents before a broken one are still validated.
        var documents = ManifestSet.Parse(yaml, out var parseError);
        var objects = ValidateDocuments(documents, source, violations, skipKustomize);
        if (parseError is not null)
        {
            violations.Add(new SchemaViolation(source, documents.Count, null, null, string.Empty,
                ManifestSet.DescribeParseError(parseError), (int)parseError.Start.Line, (int)parseError.Start.Column));
        }

        return objects;
    }

    private int ValidateDocuments(IReadOnlyList<YamlDocument> documents, string source, List<SchemaViolation> violations, bool skipKustomize)
    {
        var walker = new ObjectWalker(catalog, source, violations);
        var objects = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var first = violations.Count;
            objects += walker.ValidateDocument(documents[i], i, skipKustomize);
            Normalize(violations, first);
        }

        return objects;
    }

    /// <summary>Drops repeated violations of one document and orders the rest by position (stable).</summary>
    private static void Normalize(List<SchemaViolation> violations, int first)
    {
        if (violations.Count - first < 2)
        {
            return;
        }

        var ordered = violations.Skip(first).Distinct().OrderBy(v => v.Line).ThenBy(v => v.Column).ToList();
        violations.RemoveRange(first, violations.Count - first);
        violations.AddRange(ordered);
    }

    private static void CollectKustomizeReferences(ManifestFile file, HashSet<string> referencedOnly)
    {
        var folder = Path.GetDirectoryName(file.Full)!;
        void Add(string? reference)
        {
            if (string.IsNullOrWhiteSpace(reference) || reference.Contains('\n') || reference.Contains("://", StringComparison.Ordinal))
            {
                return; // inline patch or remote reference
            }

            var equals = reference.IndexOf('=');
            if (equals >= 0)
            {
                reference = reference[(equals + 1)..]; // generator "key=path"
            }

            referencedOnly.Add(Path.GetFullPath(Path.Combine(folder, reference.Trim())));
        }

        foreach (var document in file.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            foreach (var (keyNode, value) in root.Children)
            {
                switch (ObjectWalker.ScalarText(keyNode))
                {
                    case "patchesStrategicMerge" or "configurations" or "transformers" or "generators" or "validators":
                        foreach (var item in (value as YamlSequenceNode)?.Children ?? [])
                        {
                            Add(ObjectWalker.ScalarText(item));
                        }

                        break;
                    case "patches" or "patchesJson6902" or "replacements":
                        foreach (var item in (value as YamlSequenceNode)?.Children ?? [])
                        {
                            Add(ObjectWalker.ScalarText(ObjectWalker.Child(item as YamlMappingNode, "path")));
                        }

                        break;
                    case "openapi":
                        Add(ObjectWalker.ScalarText(ObjectWalker.Child(value as YamlMappingNode, "path")));
                        break;
                    case "configMapGenerator" or "secretGenerator":
                        foreach (var generator in ((value as YamlSequenceNode)?.Children ?? []).OfType<YamlMappingNode>())
                        {
                            Add(ObjectWalker.ScalarText(ObjectWalker.Child(generator, "env")));
                            foreach (var field in new[] { "files", "envs" })
                            {
                                foreach (var item in (ObjectWalker.Child(generator, field) as YamlSequenceNode)?.Children ?? [])
                                {
                                    Add(ObjectWalker.ScalarText(item));
                                }
                            }
                        }

                        break;
                    case "helmCharts":
                        foreach (var chart in ((value as YamlSequenceNode)?.Children ?? []).OfType<YamlMappingNode>())
                        {
                            Add(ObjectWalker.ScalarText(ObjectWalker.Child(chart, "valuesFile")));
                        }

                        break;
                }
            }
        }
    }
}
