using System.Text.Json;
using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>
/// The last check before anything is written: every generated object (custom resources and
/// <c>PublishAsKubernetes</c> customisations included) is walked in its serialised form, and what
/// Kubernetes would reject but no schema says is refused with one coded line naming the resource, the
/// field and the value: requests above limits and non-positive amounts (KUBEAI3030), two mounts at one
/// path in a container (KUBEAI3031), invalid port names, env var names, label keys and values, and
/// ConfigMap/Secret keys (KUBEAI3032). The readers refuse bad input where it is read, with its origin;
/// this guard makes the rule hold for whatever path a value took to the objects.
/// </summary>
internal static class OutputRules
{
    public static void Check(IReadOnlyList<GeneratedResource> resources, AppManifest manifest)
    {
        foreach (var resource in resources)
        {
            var origin = manifest.Resources.FirstOrDefault(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase))?.Origin
                ?? $"generated objects of '{resource.Name}'";
            foreach (var obj in resource.Objects)
            {
                using var document = JsonDocument.Parse(KubernetesJson.Serialize(obj));
                var what = $"{obj.Kind ?? "object"} '{Messages.OneLine((obj as IKubernetesObject<V1ObjectMeta>)?.Metadata?.Name ?? resource.Name, 80)}'";
                CheckObject(document.RootElement, what, origin);
            }
        }
    }

    /// <summary>Requests at most limits for every resource both name: KUBEAI3030 otherwise.</summary>
    public static void CheckRequestsWithinLimits(IReadOnlyDictionary<string, string> requests, IReadOnlyDictionary<string, string> limits, string where, string origin)
    {
        foreach (var (name, request) in requests)
        {
            if (limits.TryGetValue(name, out var limit) && Quantities.IsQuantity(request) && Quantities.IsQuantity(limit) && Quantities.Compare(request, limit) > 0)
            {
                throw new KubeAiException(
                    ErrorCodes.RequestAboveLimit,
                    $"{where}: requests.{Messages.OneLine(name, 80)} '{Messages.OneLine(request, Quantities.MaxLength)}' is above limits.{Messages.OneLine(name, 80)} '{Messages.OneLine(limit, Quantities.MaxLength)}'; Kubernetes rejects a request above its limit: raise the limit or lower the request (deployment.resources, --cpu-limit/--memory-limit, KubeAiCpuLimit/KubeAiMemoryLimit, or the environment's resources)",
                    origin);
            }
        }
    }

    private static void CheckObject(JsonElement root, string what, string origin)
    {
        var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (kind is "ConfigMap" or "Secret")
        {
            foreach (var field in new[] { "data", "stringData", "binaryData" })
            {
                if (root.TryGetProperty(field, out var data) && data.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in data.EnumerateObject())
                    {
                        Name(entry.Name, KubernetesNames.CheckConfigKey(entry.Name), $"{what}: {field} key", origin);
                    }
                }
            }
        }

        // Our own objects: a few levels deep, walked with an explicit stack all the same.
        var stack = new Stack<(JsonElement Element, string Path)>();
        stack.Push((root, string.Empty));
        while (stack.Count > 0)
        {
            var (element, path) = stack.Pop();
            if (element.ValueKind == JsonValueKind.String)
            {
                CheckText(element.GetString()!, what, path, origin);
                continue;
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    stack.Push((item, $"{path}[{index++}]"));
                }

                continue;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in element.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "labels" or "matchLabels" or "nodeSelector" when property.Value.ValueKind == JsonValueKind.Object:
                        foreach (var label in property.Value.EnumerateObject())
                        {
                            Name(label.Name, KubernetesNames.CheckQualifiedName(label.Name), $"{what}: {property.Name} key", origin);
                            if (label.Value.ValueKind == JsonValueKind.String)
                            {
                                var value = label.Value.GetString()!;
                                Name(value, KubernetesNames.CheckLabelValue(value), $"{what}: {property.Name}.{Messages.OneLine(label.Name, 80)}", origin);
                            }
                        }

                        break;
                    case "containers" or "initContainers" when property.Value.ValueKind == JsonValueKind.Array:
                        foreach (var container in property.Value.EnumerateArray())
                        {
                            CheckContainer(container, what, origin);
                        }

                        break;
                }

                CheckText(property.Name, what, path, origin);
                stack.Push((property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}"));
            }
        }
    }

    /// <summary>
    /// KUBEAI1071 for text that YAML cannot carry: C0 control characters other than TAB, LF and CR, DEL, C1 controls
    /// but NEL, U+FFFE/U+FFFF and lone surrogates. Kubernetes would take them in JSON, but kustomize (and any YAML 1.1
    /// reader) refuses the file, so a tree holding one cannot be applied.
    /// </summary>
    private static void CheckText(string text, string what, string path, string origin)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = c is < ' ' and not ('\t' or '\n' or '\r') || c is >= '\u007f' and <= '\u009f' and not '\u0085' || c is '\uFFFE' or '\uFFFF' ||
                (char.IsHighSurrogate(c) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[++i]) : char.IsLowSurrogate(c));
            if (bad)
            {
                throw new KubeAiException(
                    ErrorCodes.UnwritableCharacter,
                    $"{what}: {(path.Length == 0 ? "a key" : Messages.OneLine(path, 120))} holds the character U+{(int)c:X4}, which YAML cannot carry (kubectl kustomize refuses the file): '{Messages.OneLine(text, 100)}'; remove it from the app model value",
                    origin);
            }
        }
    }

    private static void CheckContainer(JsonElement container, string what, string origin)
    {
        if (container.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var name = Text(container, "name") ?? "?";
        var where = $"{what} container '{Messages.OneLine(name, 80)}'";
        var mounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mount in Array(container, "volumeMounts"))
        {
            if (Text(mount, "mountPath") is { } path && !mounts.Add(path))
            {
                throw new KubeAiException(
                    ErrorCodes.DuplicateMountPath,
                    $"{where}: two volumes are mounted at mountPath '{Messages.OneLine(path, 200)}'; Kubernetes rejects a container whose mounts share a path: give each volume (container volumes, modelCache, checkpoint, dataset) its own target",
                    origin);
            }
        }

        var ports = new HashSet<string>(StringComparer.Ordinal);
        foreach (var port in Array(container, "ports"))
        {
            if (Text(port, "name") is { } portName)
            {
                Name(portName, KubernetesNames.CheckPortName(portName) ?? (ports.Add(portName) ? null : "is used by two ports"), $"{where}: port name", origin);
            }
        }

        foreach (var env in Array(container, "env"))
        {
            if (Text(env, "name") is { } envName)
            {
                Name(envName, KubernetesNames.CheckEnvVarName(envName), $"{where}: env name", origin);
            }

            if (env.TryGetProperty("valueFrom", out var from) && from.ValueKind == JsonValueKind.Object)
            {
                foreach (var reference in new[] { "secretKeyRef", "configMapKeyRef" })
                {
                    if (from.TryGetProperty(reference, out var keyRef) && Text(keyRef, "key") is { } key)
                    {
                        Name(key, KubernetesNames.CheckConfigKey(key), $"{where}: env {reference}.key", origin);
                    }
                }
            }
        }

        if (container.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Object)
        {
            var requests = ReadQuantities(resources, "requests", where, origin);
            var limits = ReadQuantities(resources, "limits", where, origin);
            CheckRequestsWithinLimits(requests, limits, where, origin);
        }
    }

    private static Dictionary<string, string> ReadQuantities(JsonElement resources, string side, string where, string origin)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resources.TryGetProperty(side, out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                var text = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                AppModel.Quantities.Require(text, $"{where}: resources.{side}.{Messages.OneLine(entry.Name, 80)}", origin, QuantityRange.Positive, ErrorCodes.RequestAboveLimit);
                result[entry.Name] = text;
            }
        }

        return result;
    }

    private static void Name(string value, string? reason, string field, string origin)
    {
        if (reason is not null)
        {
            throw new KubeAiException(ErrorCodes.InvalidGeneratedName, $"{field} '{Messages.OneLine(value, 100)}' {reason}", origin);
        }
    }

    private static string? Text(JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
