using System.Text.Json;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>Reads an Aspire 13.x manifest (<c>aspire-manifest.json</c>) into an <see cref="AppManifest"/>.</summary>
public static class ManifestReader
{
    /// <summary>The deepest nesting of a manifest KubeAi reads (Aspire writes at most 6 levels; docs/limits.md).</summary>
    public const int MaxDepth = 64;

    /// <summary>The longest string (as written in the file, in bytes) KubeAi takes in one manifest value.</summary>
    public const int MaxStringBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions s_options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    public static AppManifest ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            InputFiles.RequireRegularFile(path, "manifest file");
        }

        if (!File.Exists(path))
        {
            throw new KubeAiException(ErrorCodes.ManifestNotFound, $"manifest file '{path}' does not exist", path);
        }

        return Read(InputFiles.ReadText(path, "manifest file"), path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="json">The manifest.</param>
    /// <param name="source">The file (or label) it came from, for error messages.</param>
    /// <param name="baseDirectory">The folder its relative project paths start from (the manifest file's folder).</param>
    public static AppManifest Read(string json, string source, string? baseDirectory = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"{source}:{line + 1}:{(ex.BytePositionInLine ?? 0) + 1}" : source;
            if (ex.Message.Contains($"depth of {MaxDepth}", StringComparison.Ordinal))
            {
                throw new KubeAiException(ErrorCodes.AppManifestTooDeep, $"manifest nests objects or arrays deeper than {MaxDepth} levels, the limit KubeAi reads (docs/limits.md)", where);
            }

            throw new KubeAiException(ErrorCodes.ManifestInvalidJson, $"manifest is not valid JSON: {Messages.OneLine(FirstSentence(ex.Message), 200)}", where);
        }

        using (document)
        {
            RequireValidText(json, source);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object)
            {
                throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, "manifest must be a JSON object with a \"resources\" object", source);
            }

            var list = new List<AppResource>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in resources.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"resource '{property.Name}' is defined twice", $"{source}: resources.{property.Name}");
                }

                list.Add(ReadResource(property.Name, property.Value, $"{source}: resources.{property.Name}"));
            }

            return new AppManifest(source, list) { BaseDirectory = baseDirectory };
        }
    }

    private static AppResource ReadResource(string name, JsonElement element, string origin)
    {
        if (name.Length == 0)
        {
            throw new KubeAiException(ErrorCodes.InvalidResourceName, "resource name must not be empty", origin);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"resource '{name}' must be a JSON object, not {element.ValueKind}", origin);
        }

        var type = OptionalString(element, "type", origin);
        if (type is null)
        {
            // Aspire writes {"error": "..."} for a resource it cannot describe in the manifest.
            var aspireError = OptionalString(element, "error", origin);
            if (aspireError is null)
            {
                throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"resource '{name}' has no \"type\"", origin);
            }

            type = $"(none: {aspireError})";
        }

        var kind = type switch
        {
            "project.v0" or "project.v1" => ResourceKind.Project,
            "container.v0" => ResourceKind.Container,
            "container.v1" => element.TryGetProperty("build", out _) ? ResourceKind.Dockerfile : ResourceKind.Container,
            "dockerfile.v0" => ResourceKind.Dockerfile,
            "executable.v0" => ResourceKind.Executable,
            "parameter.v0" => ResourceKind.Parameter,
            "value.v0" or "annotated.string" => ResourceKind.Value,
            DeploymentSettingsReader.EnvironmentType => ResourceKind.Environment,
            _ => ResourceKind.Unknown,
        };

        var resource = new AppResource
        {
            Name = name,
            Type = type,
            Kind = kind,
            Origin = origin,
            Image = OptionalString(element, "image", origin),
            ProjectPath = OptionalString(element, "path", origin),
            Entrypoint = OptionalString(element, "entrypoint", origin),
            Command = OptionalString(element, "command", origin),
            Args = ReadStringArray(element, "args", origin),
            Env = ReadEnv(element, origin),
            Bindings = ReadBindings(element, origin),
            Volumes = ReadMounts(element, "volumes", "name", origin),
            BindMounts = ReadMounts(element, "bindMounts", "source", origin),
            ConnectionString = OptionalString(element, "connectionString", origin),
            Value = OptionalString(element, "value", origin),
            Filter = OptionalString(element, "filter", origin),
            Inputs = ReadInputs(element, origin),
            EnvironmentSettings = kind == ResourceKind.Environment ? DeploymentSettingsReader.ReadEnvironment(name, element, origin) : null,
            Deployment = element.TryGetProperty("deployment", out var deployment) && deployment.ValueKind == JsonValueKind.Object
                ? deployment.Clone()
                : null,
        };

        if (kind == ResourceKind.Container && resource.Image is null)
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"container resource '{name}' has no \"image\"", origin);
        }

        return resource;
    }

    private static string? OptionalString(JsonElement element, string property, string origin)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"\"{property}\" must be a string, not {value.ValueKind}", $"{origin}.{property}");
    }

    private static IReadOnlyList<string> ReadStringArray(JsonElement element, string property, string origin)
    {
        if (!element.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"\"{property}\" must be an array of strings", $"{origin}.{property}");
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            list.Add(ScalarText(item, $"{origin}.{property}[{index++}]"));
        }

        return list;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ReadEnv(JsonElement element, string origin)
    {
        if (!element.TryGetProperty("env", out var env) || env.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (env.ValueKind != JsonValueKind.Object)
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, "\"env\" must be an object of strings", $"{origin}.env");
        }

        return env.EnumerateObject()
            .Select(p => new KeyValuePair<string, string>(p.Name, ScalarText(p.Value, $"{origin}.env.{p.Name}")))
            .ToList();
    }

    // Aspire writes strings; numbers and booleans are accepted as their JSON text so a
    // hand-edited manifest with "PORT": 8080 still means what its author meant.
    private static string ScalarText(JsonElement value, string origin) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"expected a string, found {value.ValueKind}", origin),
    };

    private static IReadOnlyList<Binding> ReadBindings(JsonElement element, string origin)
    {
        if (!element.TryGetProperty("bindings", out var bindings) || bindings.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (bindings.ValueKind != JsonValueKind.Object)
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, "\"bindings\" must be an object", $"{origin}.bindings");
        }

        var list = new List<Binding>();
        foreach (var property in bindings.EnumerateObject())
        {
            var where = $"{origin}.bindings.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"binding '{property.Name}' must be an object", where);
            }

            var b = property.Value;
            var scheme = OptionalString(b, "scheme", where) ?? "tcp";
            list.Add(new Binding(
                property.Name,
                scheme,
                OptionalString(b, "protocol", where) ?? "tcp",
                OptionalString(b, "transport", where) ?? scheme,
                OptionalPort(b, "port", where),
                OptionalPort(b, "targetPort", where),
                b.TryGetProperty("external", out var external) && external.ValueKind == JsonValueKind.True));
        }

        return list;
    }

    private static int? OptionalPort(JsonElement element, string property, string origin)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port) && port is > 0 and <= 65535)
        {
            return port;
        }

        throw new KubeAiException(ErrorCodes.InvalidFieldValue, $"{property} {value.GetRawText()} is not a port number (1-65535)", $"{origin}.{property}");
    }

    private static IReadOnlyList<VolumeMount> ReadMounts(JsonElement element, string property, string sourceProperty, string origin)
    {
        if (!element.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"\"{property}\" must be an array", $"{origin}.{property}");
        }

        var list = new List<VolumeMount>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"{origin}.{property}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, "a mount must be an object", where);
            }

            var target = OptionalString(item, "target", where)
                ?? throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, "a mount needs a \"target\"", where);
            // Anonymous volumes have no name: they are scratch space, named after their index.
            var source = OptionalString(item, sourceProperty, where) ?? $"volume-{index - 1}";
            list.Add(new VolumeMount(source, target, item.TryGetProperty("readOnly", out var ro) && ro.ValueKind == JsonValueKind.True));
        }

        return list;
    }

    private static IReadOnlyDictionary<string, ParameterInput> ReadInputs(JsonElement element, string origin)
    {
        if (!element.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Object)
        {
            return new Dictionary<string, ParameterInput>();
        }

        var result = new Dictionary<string, ParameterInput>(StringComparer.Ordinal);
        foreach (var property in inputs.EnumerateObject())
        {
            var where = $"{origin}.inputs.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, "an input must be an object", where);
            }

            var input = property.Value;
            var secret = ReadSecretFlag(input, $"{where}.secret");
            string? defaultValue = null;
            var generated = false;
            if (input.TryGetProperty("default", out var d) && d.ValueKind == JsonValueKind.Object)
            {
                // A secret's default is never read: it stays in the manifest, not in memory, messages or files.
                if (!secret && d.TryGetProperty("value", out var v))
                {
                    defaultValue = ScalarText(v, $"{where}.default.value");
                }

                generated = d.TryGetProperty("generate", out _);
            }

            result[property.Name] = new ParameterInput(property.Name, secret, defaultValue, generated);
        }

        return result;
    }

    // One linear pass over the tokens: no string longer than MaxStringBytes (Kubernetes stores at most about 1 MiB in
    // one object, Linux passes at most 128 KiB in one environment variable), and none that escapes half of a UTF-16
    // surrogate pair alone (\ud800): valid JSON, but no text, and every read of it would throw.
    private static void RequireValidText(string json, string source)
    {
        var escaped = json.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) >= 0;
        if (!escaped && json.Length <= MaxStringBytes)
        {
            return;
        }

        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            {
                continue;
            }

            var what = reader.TokenType == JsonTokenType.PropertyName ? "property name" : "string";
            if (reader.ValueSpan.Length > MaxStringBytes)
            {
                throw new KubeAiException(
                    ErrorCodes.InputValueTooLong,
                    $"manifest has a {what} of {reader.ValueSpan.Length:N0} bytes, more than the {MaxStringBytes / 1024 / 1024} MiB KubeAi takes in one value (docs/limits.md)",
                    $"{source}: byte {reader.TokenStartIndex + 1}");
            }

            if (!reader.ValueIsEscaped)
            {
                continue;
            }

            try
            {
                _ = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                throw new KubeAiException(
                    ErrorCodes.ManifestInvalidText,
                    $"manifest has a {what} that is not valid Unicode (an escaped lone UTF-16 surrogate such as \\ud800)",
                    $"{source}: byte {reader.TokenStartIndex + 1}");
            }
        }
    }

    // "secret" is a bool in what Aspire writes; hand-written and templated manifests write "true" too. A value
    // that is neither is refused rather than read as "not secret", which would write the value into a ConfigMap.
    private static bool ReadSecretFlag(JsonElement input, string where)
    {
        if (!input.TryGetProperty("secret", out var flag))
        {
            return false;
        }

        return flag.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String when string.Equals(flag.GetString(), "true", StringComparison.OrdinalIgnoreCase) => true,
            JsonValueKind.String when string.Equals(flag.GetString(), "false", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new KubeAiException(ErrorCodes.ManifestInvalidStructure, $"\"secret\" must be true or false, not {(flag.ValueKind == JsonValueKind.String ? $"a string of {flag.GetString()!.Length} characters (not shown: it may be the secret)" : flag.ValueKind.ToString().ToLowerInvariant())}", where),
        };
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
