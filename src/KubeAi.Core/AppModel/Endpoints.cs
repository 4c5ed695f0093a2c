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
        // Ports the manifest names explicitly are taken; defaults go around them.
        var used = new HashSet<int>(resource.Bindings.SelectMany(b => new[] { b.TargetPort, b.Port }).OfType<int>());
        var servicePorts = new Dictionary<int, Endpoint>();
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in resource.Bindings)
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

        return result;
    }

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
