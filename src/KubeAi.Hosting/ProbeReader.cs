using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>One probe of the contract's <c>probes</c> array; null numbers are left to KubeAi.Core's defaults.</summary>
internal sealed record ProbeEntry(string Type, string Path, string? Endpoint, int? InitialDelaySeconds, int? PeriodSeconds, int? TimeoutSeconds, int? FailureThreshold);

/// <summary>
/// Turns Aspire's own health annotations into Kubernetes probes:
/// <list type="bullet">
/// <item><c>WithHttpProbe(type, path, ...)</c> (ASPIREPROBES001) writes an <see cref="EndpointProbeAnnotation"/>: taken as it is.</item>
/// <item><c>WithHttpHealthCheck(path, endpointName: ...)</c> writes only a <see cref="HealthCheckAnnotation"/> whose key Aspire
/// 13.6 builds as <c>{resource}_{endpoint}_{path}_{status}_check</c>. Resource and endpoint names cannot contain
/// '_', so the endpoint and path are recovered exactly; the first such check gives the readiness and
/// liveness probes that <c>WithHttpProbe</c> did not set.</item>
/// </list>
/// </summary>
internal static class ProbeReader
{
    private static readonly string[] s_order = ["startup", "readiness", "liveness"];

    public static IReadOnlyList<ProbeEntry> Read(IResource resource)
    {
        var probes = new Dictionary<string, ProbeEntry>(StringComparer.Ordinal);
        var probed = new HashSet<(string Endpoint, string Path)>();
        foreach (var probe in resource.Annotations.OfType<EndpointProbeAnnotation>())
        {
            var type = TypeName(probe.Type);
            probes[type] = new ProbeEntry(type, probe.Path, probe.EndpointReference.EndpointName, probe.InitialDelaySeconds, probe.PeriodSeconds, probe.TimeoutSeconds, probe.FailureThreshold);
            probed.Add((probe.EndpointReference.EndpointName, probe.Path));
        }

        var check = resource.Annotations.OfType<HealthCheckAnnotation>()
            .Select(a => TryParseHealthCheckKey(resource.Name, a.Key))
            .FirstOrDefault(c => c is not null && !probed.Contains((c.Value.Endpoint, c.Value.Path)));
        if (check is { } http)
        {
            foreach (var type in new[] { "readiness", "liveness" })
            {
                probes.TryAdd(type, new ProbeEntry(type, http.Path, http.Endpoint, null, null, null, null));
            }
        }

        return s_order.Where(probes.ContainsKey).Select(t => probes[t]).ToList();
    }

    /// <summary>Reads <c>{resource}_{endpoint}_{path}_{status}_check</c>, the key of Aspire 13.6's HTTP health checks.</summary>
    internal static (string Endpoint, string Path)? TryParseHealthCheckKey(string resourceName, string key)
    {
        const string suffix = "_check";
        var prefix = resourceName + "_";
        // Integrations name their own checks too: Aspire.Hosting.PostgreSQL's is `{resource}_check`,
        // where prefix and suffix overlap.
        if (key.Length <= prefix.Length + suffix.Length || !key.StartsWith(prefix, StringComparison.Ordinal) || !key.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var middle = key[prefix.Length..^suffix.Length];
        var endpointEnd = middle.IndexOf('_', StringComparison.Ordinal);
        var statusStart = middle.LastIndexOf('_');
        if (endpointEnd <= 0 || statusStart <= endpointEnd || !middle[(statusStart + 1)..].All(char.IsAsciiDigit) || statusStart == middle.Length - 1)
        {
            return null;
        }

        var path = middle[(endpointEnd + 1)..statusStart];
        return path.StartsWith('/') ? (middle[..endpointEnd], path) : null;
    }

    private static string TypeName(ProbeType type) => type switch
    {
        ProbeType.Startup => "startup",
        ProbeType.Readiness => "readiness",
        ProbeType.Liveness => "liveness",
        _ => throw new InvalidOperationException($"probe type {type} has no Kubernetes equivalent"),
    };
}
