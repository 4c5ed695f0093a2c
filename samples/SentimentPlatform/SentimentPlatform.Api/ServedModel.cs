using SentimentPlatform.Model;

namespace SentimentPlatform.Api;

/// <summary>The model version being served; swapped whole (one reference) when a newer one is loaded, so a request sees one version.</summary>
public sealed class ServedModel
{
    private volatile StoredModel? _current;

    /// <summary>The served version, or null until the first one is loaded.</summary>
    public StoredModel? Current => _current;

    /// <summary>Serves <paramref name="model"/> from now on.</summary>
    public void Serve(StoredModel model) => _current = model;
}

/// <summary>
/// Loads the newest model version at startup and then every poll interval, so a model that training
/// stores later is served without a restart. Until a version exists, /healthz answers 503 (the startup and
/// readiness probes hold traffic back) and /predict answers 503.
/// </summary>
public sealed class ModelPoller(ServedModel served, IConfiguration configuration, ILogger<ModelPoller> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = configuration.GetConnectionString("models");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            logger.LogError("No connection string 'models' (ConnectionStrings__models): nothing to serve");
            return;
        }

        var database = ModelDatabase.FromConnectionString(connectionString);
        var interval = TimeSpan.FromSeconds(configuration.GetValue("MODEL_POLL_SECONDS", 5.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var newest = await database.NewestVersionAsync(stoppingToken);
                if (newest is not null && newest != served.Current?.Version)
                {
                    var model = await database.LoadNewestAsync(stoppingToken);
                    if (model is not null)
                    {
                        served.Serve(model);
                        logger.LogInformation("Serving model version {Version} (run {Run}, validation accuracy {Accuracy:F4})", model.Version, model.RunId, model.ValidationAccuracy);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may not be up yet, or restarting: keep serving what we have and try again.
                logger.LogWarning("Could not read model versions: {Message}", ex.Message);
            }

            await Task.Delay(interval, stoppingToken);
        }
    }
}
