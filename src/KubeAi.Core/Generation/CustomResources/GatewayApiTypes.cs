using System.Text.Json.Serialization;

namespace KubeAi.Core.Generation.CustomResources;

// Types HTTPRoute and GRPCRoute share (gateway.networking.k8s.io/v1, Gateway API v1.6 standard
// channel); only the fields KubeAi writes, in the order they are written.

/// <summary>The Gateway (and optionally one of its listeners) a route attaches to.</summary>
public sealed class GatewayParentReference
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("sectionName")]
    public string? SectionName { get; set; }
}

/// <summary>Where a route sends traffic: a Service port, or another backend kind such as an InferencePool.</summary>
public sealed class GatewayBackendReference
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("port")]
    public int? Port { get; set; }
}
