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
        var usedTargets = new HashSet<int>(resource.Bindings.Where(b => b.TargetPort is not null).Select(b => b.TargetPort!.Value));
        var servicePorts = new Dictionary<int, string>();
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in resource.Bindings)
        {
            var target = binding.TargetPort ?? binding.Port ?? DefaultTarget(resource, binding, usedTargets);
            var servicePort = binding.Port ?? target;
            if (servicePorts.TryGetValue(servicePort, out var other))
            {
                throw new KubeAiException(
                    ErrorCodes.PortConflict,
                    $"bindings '{other}' and '{binding.Name}' of '{resource.Name}' both use port {servicePort}; give one of them another port",
                    $"{resource.Origin}.bindings.{binding.Name}");
            }

            servicePorts[servicePort] = binding.Name;
            var portName = KubernetesNames.PortName(binding.Name);
            for (var i = 2; !portNames.Add(portName); i++)
            {
                var suffix = "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                portName = KubernetesNames.PortName(binding.Name)[..Math.Min(15 - suffix.Length, KubernetesNames.PortName(binding.Name).Length)] + suffix;
            }

            result.Add(new Endpoint(binding, target, servicePort, portName));
        }

        return result;
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
