using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>Gateway API <c>HTTPRoute</c> (<c>gateway.networking.k8s.io/v1</c>): HTTP from a Gateway's listener to a backend.</summary>
public sealed class HttpRoute() : CustomResource<HttpRouteSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeGroup = "gateway.networking.k8s.io";
    public const string KubeApiVersion = "v1";
    public const string KubeKind = "HTTPRoute";
}

public sealed class HttpRouteSpec
{
    [JsonPropertyName("parentRefs")]
    public List<GatewayParentReference> ParentRefs { get; set; } = [];

    [JsonPropertyName("hostnames")]
    public List<string>? Hostnames { get; set; }

    [JsonPropertyName("rules")]
    public List<HttpRouteRule> Rules { get; set; } = [];
}

public sealed class HttpRouteRule
{
    [JsonPropertyName("matches")]
    public List<HttpRouteMatch>? Matches { get; set; }

    [JsonPropertyName("backendRefs")]
    public List<GatewayBackendReference> BackendRefs { get; set; } = [];
}

public sealed class HttpRouteMatch
{
    [JsonPropertyName("path")]
    public HttpPathMatch? Path { get; set; }
}

public sealed class HttpPathMatch
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "PathPrefix";

    [JsonPropertyName("value")]
    public string Value { get; set; } = "/";
}
