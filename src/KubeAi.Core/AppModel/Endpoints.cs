using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>A binding as it exists in the cluster: the container port, the Service port, the port name.</summary>
public sealed record Endpoint(Binding Binding, int TargetPort, int ServicePort, string PortName);

/// <summary>Works out the ports of a workload's bindings, the same way for the resolver and the generators.</summary>
public static class Endpoints
{
    /// <summary>Where an http(s) binding listens when the manifest names no port (the .NET images' defaults).</summary>
    public const int DefaultHttpPort = 8080;
    public const int DefaultHttpsPort = 8443;

    public static IReadOnlyList<Endpoint> Plan(AppResource resource)
    {
        var result = new List<Endpoint>();
        var servedByHttp = HttpsServedByHttp(resource);
        // Ports the manifest names explicitly are taken; defaults go around them.
        var used = new HashSet<int>(resource.Bindings.SelectMany(b => new[] { b.TargetPort, b.Port }).OfType<int>());
        var servicePorts = new Dictionary<int, Endpoint>();
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in resource.Bindings.Where(b => !servedByHttp.Contains(b.Name)))
        {
            var target = binding.TargetPort ?? binding.Port ?? DefaultTarget(resource, binding, used);
            var servicePort = binding.Port ?? target;
            if (servicePorts.TryGetValue(servicePort, out var other))
            {
                // Two bindings onto one listener (Aspire writes this for Kestrel endpoints) share
                // one Service port; two listeners behind one Service port cannot work.
                if (other.TargetPort != target || other.Binding.Protocol != binding.Protocol)
                {
                    throw new KubeAiException(
                        ErrorCodes.PortConflict,
                        $"bindings '{other.Binding.Name}' and '{binding.Name}' of '{resource.Name}' both use port {servicePort} for different target ports; give one of them another port",
                        $"{resource.Origin}.bindings.{binding.Name}");
                }

                result.Add(other with { Binding = binding });
                continue;
            }

            var endpoint = new Endpoint(binding, target, servicePort, UniquePortName(binding.Name, portNames));
            servicePorts[servicePort] = endpoint;
            result.Add(endpoint);
        }

        // An https binding nothing serves TLS on is the http listener under its own name: references to it get
        // the http URL, and no port is advertised that nothing listens on.
        foreach (var name in servedByHttp)
        {
            var http = result.First(e => e.Binding.Scheme == "http");
            var binding = resource.Bindings.First(b => b.Name == name);
            result.Add(http with { Binding = binding with { Scheme = "http" } });
        }

        return result;
    }

    /// <summary>
    /// The https bindings of a project that will not serve TLS in the cluster: no port of their own, no certificate
    /// configured (no <c>HTTPS_PORTS</c>, <c>ASPNETCORE_HTTPS_PORTS</c>, Kestrel certificate setting or https URL
    /// in its env), and an http binding beside them. TLS terminates at the Ingress or Gateway; in the pod the
    /// https name is served by the http listener.
    /// </summary>
    public static IReadOnlyList<string> HttpsServedByHttp(AppResource resource)
    {
        if (resource.Kind != ResourceKind.Project || !resource.Bindings.Any(b => b.Scheme == "http") || ServesTls(resource))
        {
            return [];
        }

        return resource.Bindings.Where(b => b.Scheme == "https" && b.Port is null && b.TargetPort is null).Select(b => b.Name).ToList();
    }

    private static bool ServesTls(AppResource resource) => resource.Env.Any(e =>
        e.Key is "HTTPS_PORTS" or "ASPNETCORE_HTTPS_PORTS" or "ASPNETCORE_HTTPS_PORT"
        || e.Key.Contains("Certificate", StringComparison.OrdinalIgnoreCase)
        || e.Key is "ASPNETCORE_URLS" or "URLS" && e.Value.Contains("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The Service ports of a plan: one per distinct port, named after its first binding.</summary>
    public static IEnumerable<Endpoint> DistinctServicePorts(IReadOnlyList<Endpoint> plan) =>
        plan.GroupBy(e => e.ServicePort).Select(g => g.First());

    private static string UniquePortName(string bindingName, HashSet<string> taken)
    {
        var name = KubernetesNames.PortName(bindingName);
        for (var i = 2; !taken.Add(name); i++)
        {
            var suffix = "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stem = KubernetesNames.PortName(bindingName);
            name = stem[..Math.Min(15 - suffix.Length, stem.Length)].TrimEnd('-') + suffix;
        }

        return name;
    }

    private static int DefaultTarget(AppResource resource, Binding binding, HashSet<int> used)
    {
        var start = binding.Scheme switch
        {
            "http" => DefaultHttpPort,
            "https" => DefaultHttpsPort,
            _ => throw new KubeAiException(
                ErrorCodes.InvalidFieldValue,
                $"binding '{binding.Name}' of '{resource.Name}' uses scheme '{binding.Scheme}' and has neither port nor targetPort; KubeAi cannot tell which port the process listens on",
                $"{resource.Origin}.bindings.{binding.Name}"),
        };

        // Two bindings of one scheme without ports (http and a second http) must not collide.
        var port = start;
        while (!used.Add(port))
        {
            port++;
        }

        return port;
    }
}
