using System.IO.Compression;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeAi.Validation;

/// <summary>The schema for one apiVersion/kind.</summary>
internal sealed record ObjectSchema(string Group, string Version, string Kind, SchemaNode Root, bool IsCustomResource);

/// <summary>
/// The embedded schemas: Kubernetes 1.35 built-in definitions plus the CRDs under <c>Schemas/crds</c>. Each source
/// is decompressed and compiled lazily, once, on first use (thread-safe); CRD files are only indexed (group and
/// kind read from their first lines) until an object of that kind is validated.
/// </summary>
internal sealed class SchemaCatalog
{
    public const string ObjectMetaDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private const string ResourcePrefix = "KubeAi.Validation.Schemas.";
    private const string BuiltinResource = ResourcePrefix + "k8s-1.35-definitions.json.gz";
    private const string CrdResourcePrefix = ResourcePrefix + "crds.";

    private readonly Lazy<Builtins> builtins;
    private readonly Lazy<Dictionary<(string Group, string Kind), CrdFile>> crdIndex;

    private SchemaCatalog()
    {
        builtins = new Lazy<Builtins>(LoadBuiltins, LazyThreadSafetyMode.ExecutionAndPublication);
        crdIndex = new Lazy<Dictionary<(string Group, string Kind), CrdFile>>(IndexCrds, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static SchemaCatalog Instance { get; } = new();

    /// <summary>Compiled built-in definitions by name (e.g. <c>io.k8s.api.core.v1.Container</c>).</summary>
    public IReadOnlyDictionary<string, SchemaNode> Definitions => builtins.Value.Definitions;

    public ObjectSchema? Find(string group, string version, string kind)
    {
        if (builtins.Value.ByGvk.TryGetValue((group, version, kind), out var builtin))
        {
            return builtin;
        }

        if (crdIndex.Value.TryGetValue((group, kind), out var crd) && crd.Versions.Value.TryGetValue(version, out var custom))
        {
            return custom;
        }

        return null;
    }

    /// <summary>Every served version of a kind in a group (for hints when the version is wrong).</summary>
    public IReadOnlyList<string> KnownVersions(string group, string kind)
    {
        var versions = builtins.Value.ByGvk.Keys.Where(k => k.Group == group && k.Kind == kind).Select(k => k.Version).ToList();
        if (crdIndex.Value.TryGetValue((group, kind), out var crd))
        {
            versions.AddRange(crd.Versions.Value.Keys);
        }

        versions.Sort(StringComparer.Ordinal);
        return versions;
    }

    /// <summary>Groups that define a kind (for hints when the group is wrong).</summary>
    public IReadOnlyList<string> KnownGroups(string kind)
    {
        var groups = builtins.Value.ByGvk.Keys.Where(k => k.Kind == kind).Select(k => k.Group)
            .Concat(crdIndex.Value.Keys.Where(k => k.Kind == kind).Select(k => k.Group))
            .Distinct(StringComparer.Ordinal).ToList();
        groups.Sort(StringComparer.Ordinal);
        return groups;
    }

    /// <summary>Loads and compiles every embedded schema now (normally this happens on demand).</summary>
    public int LoadAll()
    {
        var count = builtins.Value.ByGvk.Count;
        foreach (var crd in crdIndex.Value.Values.Distinct())
        {
            count += crd.Versions.Value.Count;
        }

        return count;
    }

    private static Stream OpenResource(string name)
    {
        var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema resource '{name}' is missing.");
        return new GZipStream(stream, CompressionMode.Decompress);
    }

    private static Builtins LoadBuiltins()
    {
        Dictionary<string, object?> definitions;
        using (var stream = OpenResource(BuiltinResource))
        using (var document = JsonDocument.Parse(stream))
        {
            definitions = (Dictionary<string, object?>)PlainTree.FromJson(document.RootElement.GetProperty("definitions"))!;
        }

        var compiled = new Dictionary<string, SchemaNode>(definitions.Count, StringComparer.Ordinal);
        SchemaCompiler? compiler = null;
        SchemaNode Resolve(string name)
        {
            if (compiled.TryGetValue(name, out var node))
            {
                return node;
            }

            if (!definitions.TryGetValue(name, out var definition) || definition is not Dictionary<string, object?> map)
            {
                throw new InvalidOperationException($"Schema definition '{name}' is referenced but missing.");
            }

            // Register the shell first so recursive references (e.g. JSONSchemaProps) resolve to it.
            node = new SchemaNode { DefinitionName = name };
            compiled[name] = node;
            compiler!.Fill(node, map);
            return node;
        }

        compiler = new SchemaCompiler(structural: false, Resolve);
        foreach (var name in definitions.Keys)
        {
            Resolve(name);
        }

        // Types whose JSON form the generic keywords do not capture.
        var quantity = compiled["io.k8s.apimachinery.pkg.api.resource.Quantity"];
        quantity.Quantity = QuantityMode.StringOrNumber;
        quantity.OneOf = null;
        var intOrString = compiled["io.k8s.apimachinery.pkg.util.intstr.IntOrString"];
        intOrString.IntOrString = true;
        intOrString.IntOrStringInt32 = true;
        intOrString.OneOf = null;

        BuiltinEnums.Apply(compiled);

        var byGvk = new Dictionary<(string, string, string), ObjectSchema>();
        foreach (var (name, definition) in definitions)
        {
            if (definition is not Dictionary<string, object?> map ||
                !map.TryGetValue("x-kubernetes-group-version-kind", out var gvks) || gvks is not List<object?> list)
            {
                continue;
            }

            foreach (var gvk in list.OfType<Dictionary<string, object?>>())
            {
                var group = gvk.GetValueOrDefault("group") as string ?? string.Empty;
                var version = gvk.GetValueOrDefault("version") as string ?? string.Empty;
                var kind = gvk.GetValueOrDefault("kind") as string ?? string.Empty;
                byGvk.TryAdd((group, version, kind), new ObjectSchema(group, version, kind, compiled[name], IsCustomResource: false));
            }
        }

        SchemaCompiler.Finish(compiled.Values);

        return new Builtins(compiled, byGvk);
    }

    private Dictionary<(string Group, string Kind), CrdFile> IndexCrds()
    {
        var index = new Dictionary<(string, string), CrdFile>();
        var names = typeof(SchemaCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(CrdResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml.gz", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal);
        foreach (var resource in names)
        {
            var (group, kind) = ReadCrdHeader(resource);
            var file = new CrdFile(resource, new Lazy<Dictionary<string, ObjectSchema>>(
                () => LoadCrd(resource), LazyThreadSafetyMode.ExecutionAndPublication));
            if (!index.TryAdd((group, kind), file))
            {
                throw new InvalidOperationException($"Two embedded CRDs define {kind}.{group}.");
            }
        }

        return index;
    }

    /// <summary>Reads <c>spec.group</c> and <c>spec.names.kind</c> without loading the whole CRD.</summary>
    private static (string Group, string Kind) ReadCrdHeader(string resource)
    {
        using var reader = new StreamReader(OpenResource(resource));
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        parser.Consume<MappingStart>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>().Value;
            if (key != "spec")
            {
                parser.SkipThisAndNestedEvents();
                continue;
            }

            string? group = null;
            string? kind = null;
            parser.Consume<MappingStart>();
            while (!parser.TryConsume<MappingEnd>(out _) && (group is null || kind is null))
            {
                var specKey = parser.Consume<Scalar>().Value;
                switch (specKey)
                {
                    case "group":
                        group = parser.Consume<Scalar>().Value;
                        break;
                    case "names":
                        kind = (PlainTree.ReadNode(parser) as Dictionary<string, object?>)?.GetValueOrDefault("kind") as string;
                        break;
                    default:
                        parser.SkipThisAndNestedEvents();
                        break;
                }
            }

            if (group is not null && kind is not null)
            {
                return (group, kind);
            }

            break;
        }

        throw new InvalidOperationException($"Embedded CRD '{resource}' has no spec.group or spec.names.kind.");
    }

    private Dictionary<string, ObjectSchema> LoadCrd(string resource)
    {
        List<object?> documents;
        using (var reader = new StreamReader(OpenResource(resource)))
        {
            documents = PlainTree.FromYamlStream(reader);
        }

        var objectMeta = Definitions[ObjectMetaDefinition];
        var versions = new Dictionary<string, ObjectSchema>(StringComparer.Ordinal);
        foreach (var crd in documents.OfType<Dictionary<string, object?>>())
        {
            if (crd.GetValueOrDefault("kind") as string != "CustomResourceDefinition" ||
                crd.GetValueOrDefault("spec") is not Dictionary<string, object?> spec)
            {
                continue;
            }

            var group = spec.GetValueOrDefault("group") as string ?? string.Empty;
            var kind = (spec.GetValueOrDefault("names") as Dictionary<string, object?>)?.GetValueOrDefault("kind") as string ?? string.Empty;
            var compiler = new SchemaCompiler(structural: true, resolveDefinition: null);
            foreach (var version in (spec.GetValueOrDefault("versions") as List<object?> ?? []).OfType<Dictionary<string, object?>>())
            {
                if (version.GetValueOrDefault("served") is not true || version.GetValueOrDefault("name") is not string name)
                {
                    continue;
                }

                var openApi = (version.GetValueOrDefault("schema") as Dictionary<string, object?>)?.GetValueOrDefault("openAPIV3Schema");
                var root = compiler.Compile(openApi);
                SchemaCompiler.Finish([root]);
                // The API server validates a custom resource's metadata as ObjectMeta, whatever the CRD says
                // (controller-gen emits just "metadata: {type: object}").
                root.Properties = root.Properties is null
                    ? new Dictionary<string, SchemaNode>(StringComparer.Ordinal)
                    : new Dictionary<string, SchemaNode>(root.Properties, StringComparer.Ordinal);
                root.Properties["metadata"] = objectMeta;
                root.Properties.TryAdd("apiVersion", new SchemaNode { Type = SchemaTypes.String });
                root.Properties.TryAdd("kind", new SchemaNode { Type = SchemaTypes.String });
                root.ClosedWhenNoProperties = false;
                versions[name] = new ObjectSchema(group, name, kind, root, IsCustomResource: true);
            }
        }

        return versions;
    }

    private sealed record Builtins(
        Dictionary<string, SchemaNode> Definitions,
        Dictionary<(string Group, string Version, string Kind), ObjectSchema> ByGvk);

    private sealed record CrdFile(string Resource, Lazy<Dictionary<string, ObjectSchema>> Versions);
}
