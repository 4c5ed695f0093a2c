using KubeAiApp._1.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KubeAiApp._1.Api;

/// <summary>
/// The newest model in the store, reloaded when the trainer has added a newer one. Asking the
/// store for the newest id is one cheap query; the weights are read only when it changed.
/// </summary>
public sealed class NewestModel(ModelStore store, ILogger<NewestModel> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ModelVersion? _current;

    public async Task<ModelVersion?> GetAsync(CancellationToken cancellationToken)
    {
        var newest = await store.NewestIdAsync(cancellationToken);
        if (newest is null || newest == _current?.Id)
        {
            return _current;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (newest != _current?.Id)
            {
                _current = await store.LoadAsync(newest.Value, cancellationToken);
                logger.LogInformation("Serving model version {Id} ({Name}, accuracy {Accuracy:F3})", _current.Id, _current.Name, _current.Accuracy);
            }

            return _current;
        }
        finally
        {
            _lock.Release();
        }
    }
}

/// <summary>Readiness: the API is ready when it can reach the model store (a model need not exist yet).</summary>
public sealed class ModelStoreHealthCheck(ModelStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the model store cannot be reached: " + e.GetType().Name);
        }
    }
}
