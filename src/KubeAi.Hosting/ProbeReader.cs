using Aspire.Hosting.ApplicationModel;
using KubeAi.Core.AppModel;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// Turns Aspire's own health annotations into Kubernetes probes:
/// <list type="bullet">
/// <item><c>WithHttpProbe(type, path, ...)</c> (ASPIREPROBES001) writes an <see cref="EndpointProbeAnnotation"/>: taken as it is.</item>
/// <item><c>WithHttpHealthCheck(path, endpointName: ...)</c> writes only a <see cref="HealthCheckAnnotation"/> whose key Aspire
/// 13.6 builds as <c>{resource}_{endpoint}_{path}_{status}_check</c>. The key is matched against the resource's own
/// <see cref="EndpointAnnotation"/>s: only a key that names one of its HTTP endpoints, followed by a path and a status
/// code, is an HTTP check. Every other health check (the connection checks of integrations such as
/// <c>postgres_check</c> or <c>cache_check</c>, custom checks) has no HTTP meaning and gives no probe; the first HTTP
/// check gives the readiness and liveness probes that <c>WithHttpProbe</c> did not set.</item>
/// </list>
/// </summary>
internal static class ProbeReader
{
    private static readonly string[] s_order = ["startup", "readiness", "liveness"];

    public static IReadOnlyList<ProbeSettings> Read(IResource resource, IReadOnlyList<ProbeSettings> execProbes)
    {
        var probes = new Dictionary<string, ProbeSettings>(StringComparer.Ordinal);
        var probed = new HashSet<(string Endpoint, string Path)>();
        foreach (var probe in resource.Annotations.OfType<EndpointProbeAnnotation>())
        {
            var type = probe.Type.ContractName();
            probes[type] = new ProbeSettings(type, probe.Path, probe.EndpointReference.EndpointName, probe.InitialDelaySeconds, probe.PeriodSeconds, probe.TimeoutSeconds, probe.FailureThreshold);
            probed.Add((probe.EndpointReference.EndpointName, probe.Path));
        }

        // WithExecProbe: a command, for what has no endpoint; the last one of a type wins, as for WithHttpProbe.
        foreach (var exec in execProbes)
        {
            probes[exec.Type] = exec;
        }

        var httpEndpoints = resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.UriScheme is "http" or "https")
            .Select(e => e.Name)
            .ToList();
        var check = resource.Annotations.OfType<HealthCheckAnnotation>()
            .Select(a => TryParseHealthCheckKey(resource.Name, httpEndpoints, a.Key))
            .FirstOrDefault(c => c is not null && !probed.Contains((c.Value.Endpoint, c.Value.Path)));
        if (check is { } http)
        {
            foreach (var type in new[] { "readiness", "liveness" })
            {
                probes.TryAdd(type, new ProbeSettings(type, http.Path, http.Endpoint, null, null, null, null));
            }
        }

        return s_order.Where(probes.ContainsKey).Select(t => probes[t]).ToList();
    }

    /// <summary>
    /// Reads <c>{resource}_{endpoint}_{path}_{status}_check</c>, the key of Aspire 13.6's HTTP health checks, for one
    /// of <paramref name="endpointNames"/>; any other key (whatever its length or shape) is not an HTTP check.
    /// </summary>
    internal static (string Endpoint, string Path)? TryParseHealthCheckKey(string resourceName, IEnumerable<string> endpointNames, string key)
    {
        const string suffix = "_check";
        if (!key.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        // The longest endpoint name first: "http" must not claim a key of an endpoint named "http-admin".
        foreach (var endpoint in endpointNames.OrderByDescending(e => e.Length))
        {
            var prefix = $"{resourceName}_{endpoint}_";
            if (key.Length < prefix.Length + suffix.Length || !key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var middle = key.AsSpan(prefix.Length, key.Length - prefix.Length - suffix.Length);
            var statusStart = middle.LastIndexOf('_');
            if (statusStart <= 0 || statusStart == middle.Length - 1 || !middle[(statusStart + 1)..].ContainsOnlyAsciiDigits())
            {
                continue;
            }

            var path = middle[..statusStart].ToString();
            if (path.StartsWith('/'))
            {
                return (endpoint, path);
            }
        }

        return null;
    }

    private static bool ContainsOnlyAsciiDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
