using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation;

/// <summary>
/// An object of a custom resource (KEDA, KServe, Kueue, ...) that KubernetesClient has no model
/// for. The spec is a tree of sorted dictionaries and lists, so it serialises deterministically;
/// each kind is validated against its CRD schema by the tests.
/// </summary>
public sealed class CustomObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public SortedDictionary<string, object?> Spec { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A sorted map for a spec's nested objects.</summary>
    public static SortedDictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries.Where(e => e.Value is not null))
        {
            map[key] = value;
        }

        return map;
    }
}
