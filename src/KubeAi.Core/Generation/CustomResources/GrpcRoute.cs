using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>Gateway API <c>GRPCRoute</c> (<c>gateway.networking.k8s.io/v1</c>): gRPC (HTTP/2) from a Gateway's listener to a Service.</summary>
public sealed class GrpcRoute() : CustomResource<GrpcRouteSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeGroup = "gateway.networking.k8s.io";
    public const string KubeApiVersion = "v1";
    public const string KubeKind = "GRPCRoute";
}

public sealed class GrpcRouteSpec
{
    [JsonPropertyName("parentRefs")]
    public List<GatewayParentReference> ParentRefs { get; set; } = [];

    [JsonPropertyName("hostnames")]
    public List<string>? Hostnames { get; set; }

    [JsonPropertyName("rules")]
    public List<GrpcRouteRule> Rules { get; set; } = [];
}

/// <summary>A rule without matches: every gRPC service and method of the listener goes to the backend.</summary>
public sealed class GrpcRouteRule
{
    [JsonPropertyName("backendRefs")]
    public List<GatewayBackendReference> BackendRefs { get; set; } = [];
}
