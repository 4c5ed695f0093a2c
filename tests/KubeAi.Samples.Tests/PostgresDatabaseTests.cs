using KubeAi.TestSupport;
using SentimentPlatform.Model;

namespace KubeAi.Samples.Tests;

/// <summary>The model database on a real PostgreSQL server (Debian's, started on loopback), as in the cluster.</summary>
public sealed class PostgresDatabaseTests
{
    [PostgresFact]
    public async Task Two_ranks_train_into_postgresql_and_the_newest_version_loads_back()
    {
        using var server = PostgresServer.Start("models");
        var database = ModelDatabase.FromConnectionString(server.ConnectionString("models"));
        Assert.True(database.IsPostgres);
        Assert.Null(await database.NewestVersionAsync()); // no tables yet: nothing to serve, no error
        await database.EnsureSchemaAsync();
        await database.EnsureSchemaAsync(); // idempotent

        var options = new TrainingOptions(Epochs: 4);
        var port = Podman.FreePort();
        var ranks = Enumerable.Range(0, 2).Select(rank => Task.Run(async () =>
        {
            using var exchange = GradientExchange.Join(rank, 2, "localhost", port, options.ExchangeLength, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), _ => { });
            return await new DistributedTrainer(options, exchange, database, null, _ => { }).RunAsync();
        })).ToArray();
        var results = await Task.WhenAll(ranks);

        Assert.Equal((1L, 8L, 1L), await database.CountAsync());
        var stored = await database.LoadNewestAsync();
        Assert.Equal(results[0].ModelVersion, stored!.Version);
        Assert.Equal(results[0].Model.Parameters, stored.Model.Parameters);
        var metrics = await database.QueryAsync("SELECT rank, COUNT(*) FROM epoch_metrics GROUP BY rank ORDER BY rank");
        Assert.Equal([[0, 4L], [1, 4L]], metrics.Select(r => new object?[] { r[0], r[1] }).ToArray());
    }
}
