using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service of this solution shares: OpenTelemetry (exported to the Aspire dashboard
/// locally, to any OTLP collector in the cluster), service discovery, resilient HTTP clients, and
/// the two health endpoints the generated Kubernetes probes call.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Readiness: every health check (the model store included).</summary>
    public const string ReadinessPath = "/healthz";

    /// <summary>Liveness: only the checks tagged "live" (the process answers).</summary>
    public const string LivenessPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // The built-in meters and activity sources of ASP.NET Core and HttpClient: no instrumentation packages needed.
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, "Microsoft.AspNetCore", "System.Net.Http"));

        // Export only where a collector is configured (Aspire sets OTEL_EXPORTER_OTLP_ENDPOINT locally).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Maps <see cref="ReadinessPath"/> and <see cref="LivenessPath"/>: Kubernetes calls them in every environment.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(ReadinessPath);
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        return app;
    }
}
