using k8s;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation.CustomResources;

namespace KubeAi.Core.Generation;

/// <summary>
/// Gateway API exposure: an HTTPRoute per external HTTP endpoint and a GRPCRoute per external
/// HTTP/2 (gRPC) endpoint, each attached to the Gateway the environment names. TLS is the
/// Gateway listener's business (the platform team's certificate), so a route carries none. With an
/// inference pool, the pool's endpoint routes to the InferencePool instead of the Service.
/// </summary>
internal static class GatewayRoutes
{
    public static IReadOnlyList<IKubernetesObject> Create(WorkloadParts parts)
    {
        var origin = $"{parts.Origin}.deployment";
        var gateway = parts.Context.Environment?.Gateway ?? throw new KubeAiException(
            ErrorCodes.InvalidGateway,
            $"'{parts.Resource.Name}' is exposed through a Gateway, but the environment names none; name it with WithGateway(\"name\", \"namespace\") (the environment's 'gateway')",
            $"{origin}.exposure");
        var http = parts.Settings.Ingress;
        if (http?.TlsSecret is { } tls)
        {
            throw new KubeAiException(ErrorCodes.InvalidGateway, $"TLS secret '{tls}' is for an Ingress; through a Gateway, TLS is terminated by the Gateway's listener (its certificateRefs), so leave tlsSecret out", $"{origin}.ingress.tlsSecret");
        }

        if (http?.ClassName is { } className)
        {
            throw new KubeAiException(ErrorCodes.InvalidGateway, $"ingress class '{className}' is for an Ingress; a route attaches to the Gateway '{gateway.Name}' instead, so leave className out", $"{origin}.ingress.className");
        }

        // One route per listener: bindings that share a Service port (an https name served by the http listener) are one.
        var routed = parts.Endpoints.Where(e => e.Binding.External && e.Binding.Scheme == "http").GroupBy(e => e.ServicePort).Select(g => g.First()).ToList();
        Endpoint? primary = null;
        if (http is not null)
        {
            primary = http.Endpoint is { } named
                ? parts.Endpoints.FirstOrDefault(e => e.Binding.Name == named)
                    ?? throw new KubeAiException(ErrorCodes.EndpointNotFound, $"route endpoint '{named}' is not a binding of '{parts.Resource.Name}' (it has {string.Join(", ", parts.Endpoints.Select(e => e.Binding.Name))})", $"{origin}.ingress.endpoint")
                : routed.FirstOrDefault() ?? parts.Endpoints.FirstOrDefault(e => e.Binding.Scheme is "http" or "https")
                    ?? throw new KubeAiException(ErrorCodes.EndpointNotFound, $"'{parts.Resource.Name}' has no http endpoint a route could send to", $"{origin}.ingress");
            if (!routed.Contains(primary))
            {
                routed.Insert(0, primary);
            }
        }

        var pool = parts.Settings.InferencePool;
        Endpoint? pooled = null;
        if (pool is not null)
        {
            pooled = pool.Endpoint is { } poolEndpoint
                ? routed.FirstOrDefault(e => e.Binding.Name == poolEndpoint)
                    ?? throw new KubeAiException(ErrorCodes.InvalidInferencePool, $"inference pool endpoint '{poolEndpoint}' is not an external http endpoint of '{parts.Resource.Name}' (routed: {string.Join(", ", routed.Select(e => e.Binding.Name))})", $"{origin}.inferencePool.endpoint")
                : routed.FirstOrDefault(e => e.Binding.Transport != "http2")
                    ?? throw new KubeAiException(ErrorCodes.InvalidInferencePool, $"'{parts.Resource.Name}' has no external http endpoint for its inference pool; mark one external (WithExternalHttpEndpoints) or name it with WithIngress", $"{origin}.inferencePool");
        }

        var parent = new GatewayParentReference { Name = gateway.Name, Namespace = gateway.Namespace, SectionName = gateway.SectionName };
        var objects = new List<IKubernetesObject>();
        foreach (var endpoint in routed)
        {
            var name = routed.Count == 1 ? parts.Name : KubernetesNames.ForResource($"{parts.Name}-{endpoint.Binding.Name}", $"{parts.Origin}.bindings.{endpoint.Binding.Name}");
            var hostnames = endpoint == primary && http?.Host is { } host ? new List<string> { host } : null;
            if (endpoint.Binding.Transport == "http2")
            {
                objects.Add(new GrpcRoute
                {
                    Metadata = parts.Metadata(name),
                    Spec = new GrpcRouteSpec
                    {
                        ParentRefs = [parent],
                        Hostnames = hostnames,
                        Rules = [new GrpcRouteRule { BackendRefs = [ServiceBackend(parts, endpoint)] }],
                    },
                });
                continue;
            }

            var backend = endpoint == pooled
                ? new GatewayBackendReference { Group = InferencePool.KubeGroup, Kind = InferencePool.KubeKind, Name = parts.Name }
                : ServiceBackend(parts, endpoint);
            objects.Add(new HttpRoute
            {
                Metadata = parts.Metadata(name),
                Spec = new HttpRouteSpec
                {
                    ParentRefs = [parent],
                    Hostnames = hostnames,
                    Rules =
                    [
                        new HttpRouteRule
                        {
                            Matches = [new HttpRouteMatch { Path = new HttpPathMatch { Type = "PathPrefix", Value = endpoint == primary ? http!.Path : "/" } }],
                            BackendRefs = [backend],
                        },
                    ],
                },
            });
        }

        if (pool is not null)
        {
            objects.Add(new InferencePool
            {
                Metadata = parts.Metadata(parts.Name),
                Spec = new InferencePoolSpec
                {
                    // In a LeaderWorkerSet only leaders serve; workers hold shards.
                    Selector = new InferencePoolSelector
                    {
                        MatchLabels = parts.Settings.Workers is { Size: > 1 } ? LeaderWorkerSets.LeaderSelector(parts) : new SortedDictionary<string, string>(parts.Selector, StringComparer.Ordinal),
                    },
                    TargetPorts = [new InferencePoolPort { Number = pooled!.TargetPort }],
                    EndpointPickerRef = new InferencePoolEndpointPicker
                    {
                        Name = pool.EndpointPicker,
                        Port = new InferencePoolPort { Number = pool.EndpointPickerPort },
                        // Without the picker no request could be placed well: fail instead of spraying requests.
                        FailureMode = "FailClose",
                    },
                },
            });
        }

        return objects;
    }

    private static GatewayBackendReference ServiceBackend(WorkloadParts parts, Endpoint endpoint) => new() { Name = parts.Name, Port = endpoint.ServicePort };
}
