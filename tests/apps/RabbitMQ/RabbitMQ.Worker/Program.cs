using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The background worker of the RabbitMQ test app: no endpoints, it only works on what the app host
// hands it (connection strings and settings through configuration).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddHostedService<QueueWorker>();
builder.Build().Run();

/// <summary>Polls for work; reports which of its settings arrived (never their values).</summary>
internal sealed class QueueWorker(IConfiguration configuration, ILogger<QueueWorker> logger) : BackgroundService
{
    private static readonly string[] s_settings = ["ConnectionStrings:messaging", "API_KEY", "FEATURE_FLAGS"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var missing = s_settings.Where(key => string.IsNullOrEmpty(configuration[key])).ToArray();
        logger.LogInformation("worker started; missing settings: {Missing}", missing.Length == 0 ? "none" : string.Join(", ", missing));
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken).ConfigureAwait(false);
        }
    }
}
