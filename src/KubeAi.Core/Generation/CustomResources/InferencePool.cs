using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>
/// Gateway API Inference Extension <c>InferencePool</c> (<c>inference.networking.k8s.io/v1</c>):
/// the model-server pods an HTTPRoute sends to, with an endpoint picker choosing one per request
/// by queue depth, KV-cache use and LoRA adapter.
/// </summary>
public sealed class InferencePool() : CustomResource<InferencePoolSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeGroup = "inference.networking.k8s.io";
    public const string KubeApiVersion = "v1";
    public const string KubeKind = "InferencePool";
}

public sealed class InferencePoolSpec
{
    [JsonPropertyName("selector")]
    public InferencePoolSelector Selector { get; set; } = new();

    [JsonPropertyName("targetPorts")]
    public List<InferencePoolPort> TargetPorts { get; set; } = [];

    [JsonPropertyName("endpointPickerRef")]
    public InferencePoolEndpointPicker? EndpointPickerRef { get; set; }
}

/// <summary>Pods by labels only (the pool's selector has no expressions).</summary>
public sealed class InferencePoolSelector
{
    [JsonPropertyName("matchLabels")]
    public IDictionary<string, string> MatchLabels { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}

public sealed class InferencePoolPort
{
    [JsonPropertyName("number")]
    public int Number { get; set; }
}

/// <summary>The endpoint picker Service (the extension's EPP) and what the Gateway does when it cannot reach it.</summary>
public sealed class InferencePoolEndpointPicker
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("port")]
    public InferencePoolPort? Port { get; set; }

    [JsonPropertyName("failureMode")]
    public string? FailureMode { get; set; }
}
