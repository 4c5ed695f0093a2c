using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>
/// Startup, readiness and liveness probes. Declared probes (Aspire health checks) are HTTP
/// probes on their endpoint's container port. Without declarations, a workload with an
/// endpoint gets TCP readiness and liveness probes on its first port: the process must at
/// least accept connections. <c>startupTimeoutSeconds</c> sizes a startup probe so a slow model
/// load is not killed by the liveness probe: failureThreshold = ceil(timeout / period). A known
/// backing service (docs/backing-services.md) is probed with its image's own health command.
/// </summary>
internal static class Probes
{
    public const int DefaultPeriodSeconds = 10;
    public const int DefaultLivenessPeriodSeconds = 20;
    public const int DefaultFailureThreshold = 3;
    public const int DefaultStartupFailureThreshold = 30;

    public static void Apply(WorkloadParts parts)
    {
        var settings = parts.Settings;
        var container = parts.Container;
        if (settings.Probes.Count == 0 && ApplyBackingService(parts))
        {
            return;
        }

        if (settings.Probes.Count == 0)
        {
            var first = parts.Endpoints.FirstOrDefault(e => WorkloadParts.Protocol(e.Binding) == "TCP");
            if (first is null)
            {
                return;
            }

            container.ReadinessProbe = Tcp(first.TargetPort, DefaultPeriodSeconds, DefaultFailureThreshold);
            container.LivenessProbe = Tcp(first.TargetPort, DefaultLivenessPeriodSeconds, DefaultFailureThreshold);
            if (settings.StartupTimeoutSeconds is { } timeout)
            {
                container.StartupProbe = Tcp(first.TargetPort, DefaultPeriodSeconds, Ceiling(timeout, DefaultPeriodSeconds));
            }

            return;
        }

        foreach (var declared in settings.Probes)
        {
            var probe = Declared(parts, declared);
            switch (declared.Type)
            {
                case "startup":
                    container.StartupProbe = probe;
                    break;
                case "readiness":
                    container.ReadinessProbe = probe;
                    break;
                default:
                    container.LivenessProbe = probe;
                    break;
            }
        }

        if (settings.StartupTimeoutSeconds is { } startupTimeout)
        {
            var source = settings.Probes.FirstOrDefault(p => p.Type == "startup")
                ?? settings.Probes.FirstOrDefault(p => p.Type == "readiness")
                ?? settings.Probes.First();
            var period = source.Type == "startup" ? source.PeriodSeconds ?? DefaultPeriodSeconds : DefaultPeriodSeconds;
            container.StartupProbe = Declared(parts, source with
            {
                Type = "startup",
                InitialDelaySeconds = null,
                PeriodSeconds = period,
                FailureThreshold = Ceiling(startupTimeout, period),
            });
        }

        // What listens must be probed (traffic follows readiness): a declared liveness-only check on a workload
        // with TCP endpoints still gets the TCP default for the other, as kubeai validate's production rules ask.
        if (parts.Endpoints.FirstOrDefault(e => WorkloadParts.Protocol(e.Binding) == "TCP") is { } listener)
        {
            container.ReadinessProbe ??= Tcp(listener.TargetPort, DefaultPeriodSeconds, DefaultFailureThreshold);
            container.LivenessProbe ??= Tcp(listener.TargetPort, DefaultLivenessPeriodSeconds, DefaultFailureThreshold);
        }
    }

    private static V1Probe Declared(WorkloadParts parts, ProbeSettings declared) =>
        declared.Command is { } command ? Exec(declared, command) : Http(parts, declared);

    private static V1Probe Exec(ProbeSettings declared, IReadOnlyList<string> command) => new()
    {
        Exec = new V1ExecAction { Command = command.ToList() },
        InitialDelaySeconds = declared.InitialDelaySeconds,
        PeriodSeconds = declared.PeriodSeconds ?? (declared.Type == "liveness" ? DefaultLivenessPeriodSeconds : DefaultPeriodSeconds),
        TimeoutSeconds = declared.TimeoutSeconds,
        FailureThreshold = declared.FailureThreshold ?? (declared.Type == "startup" ? DefaultStartupFailureThreshold : DefaultFailureThreshold),
    };

    private static V1Probe Http(WorkloadParts parts, ProbeSettings declared)
    {
        var endpoint = declared.Endpoint is { } name
            ? parts.Endpoints.FirstOrDefault(e => e.Binding.Name == name)
                ?? throw new KubeAiException(ErrorCodes.EndpointNotFound, $"{declared.Type} probe endpoint '{name}' is not a binding of '{parts.Resource.Name}'", $"{parts.Origin}.deployment.probes")
            : parts.Endpoints.FirstOrDefault(e => e.Binding.Scheme is "http" or "https")
                ?? throw new KubeAiException(ErrorCodes.EndpointNotFound, $"'{parts.Resource.Name}' has a {declared.Type} probe on '{declared.Path}' but no http endpoint to probe", $"{parts.Origin}.deployment.probes");

        var defaultPeriod = declared.Type == "liveness" ? DefaultLivenessPeriodSeconds : DefaultPeriodSeconds;
        return new V1Probe
        {
            HttpGet = new V1HTTPGetAction
            {
                Path = declared.Path,
                Port = endpoint.TargetPort,
                Scheme = endpoint.Binding.Scheme == "https" ? "HTTPS" : "HTTP",
            },
            InitialDelaySeconds = declared.InitialDelaySeconds,
            PeriodSeconds = declared.PeriodSeconds ?? defaultPeriod,
            TimeoutSeconds = declared.TimeoutSeconds,
            FailureThreshold = declared.FailureThreshold ?? (declared.Type == "startup" ? DefaultStartupFailureThreshold : DefaultFailureThreshold),
        };
    }

    /// <summary>
    /// A known backing service's own health command (or HTTP endpoint) instead of the TCP
    /// defaults, with a startup probe so initdb or crash recovery is not cut short by liveness.
    /// False when the image has no check KubeAi can use here.
    /// </summary>
    private static bool ApplyBackingService(WorkloadParts parts)
    {
        if (parts.Backing?.Service is not { Readiness: { } readiness } service)
        {
            return false;
        }

        var liveness = service.Liveness ?? readiness;
        var port = parts.Endpoints.FirstOrDefault(e => WorkloadParts.Protocol(e.Binding) == "TCP")?.TargetPort ?? service.DefaultPort;
        if (new[] { readiness, liveness }.Any(c => c.HttpPort is { } httpPort && parts.Endpoints.All(e => e.TargetPort != httpPort)))
        {
            // The HTTP endpoint the check needs is not one the app model exposes: keep the TCP defaults.
            return false;
        }

        var container = parts.Container;
        var startupPeriod = DefaultPeriodSeconds;
        var startupFailures = parts.Settings.StartupTimeoutSeconds is { } timeout ? Ceiling(timeout, startupPeriod) : DefaultStartupFailureThreshold;
        container.StartupProbe = Check(readiness, port, startupPeriod, startupFailures);
        container.ReadinessProbe = Check(readiness, port, DefaultPeriodSeconds, DefaultFailureThreshold);
        container.LivenessProbe = Check(liveness, port, DefaultLivenessPeriodSeconds, DefaultFailureThreshold);
        return true;
    }

    private static V1Probe Check(BackingServices.HealthCheck check, int port, int period, int failureThreshold) => new()
    {
        Exec = check.Command is { } command
            ? new V1ExecAction { Command = command.Select(part => part.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList() }
            : null,
        HttpGet = check.HttpPath is { } path ? new V1HTTPGetAction { Path = path, Port = check.HttpPort!.Value, Scheme = "HTTP" } : null,
        PeriodSeconds = period,
        TimeoutSeconds = check.TimeoutSeconds,
        FailureThreshold = failureThreshold,
    };

    private static V1Probe Tcp(int port, int period, int failureThreshold) => new()
    {
        TcpSocket = new V1TCPSocketAction { Port = port },
        PeriodSeconds = period,
        FailureThreshold = failureThreshold,
    };

    private static int Ceiling(int total, int period) => (total + period - 1) / period;
}
