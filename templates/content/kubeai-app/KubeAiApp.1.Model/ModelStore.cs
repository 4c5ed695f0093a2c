using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KubeAiApp._1.Model;

/// <summary>One trained model as kept in the store.</summary>
public sealed record ModelVersion(long Id, string Name, DateTimeOffset CreatedAt, int Examples, double Accuracy, int WorldSize, SentimentModel Model);

/// <summary>
/// The `models` database: one row per trained model in <c>model_versions</c>. PostgreSQL when the
/// connection string names a host (what Aspire's PostgreSQL resource gives), SQLite otherwise
/// (<c>Data Source=file</c>). The trainer appends rows; the API reads the newest.
/// </summary>
public sealed class ModelStore
{
    private readonly string _connectionString;
    private readonly bool _postgres;

    public ModelStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _postgres = connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>From the <c>models</c> connection string (<c>ConnectionStrings__models</c>), else a SQLite file in the temp folder.</summary>
    public static ModelStore FromConnectionString(string? connectionString) =>
        new(string.IsNullOrWhiteSpace(connectionString) ? $"Data Source={Path.Combine(Path.GetTempPath(), "models.db")}" : connectionString);

    /// <summary>Creates the database (PostgreSQL: when the server has none of that name) and the table.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_postgres)
        {
            await EnsurePostgresDatabaseAsync(cancellationToken);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = _postgres
            ? "CREATE TABLE IF NOT EXISTS model_versions (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, examples INTEGER NOT NULL, accuracy DOUBLE PRECISION NOT NULL, world_size INTEGER NOT NULL, bias DOUBLE PRECISION NOT NULL, weights TEXT NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS model_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created_at TEXT NOT NULL, examples INTEGER NOT NULL, accuracy REAL NOT NULL, world_size INTEGER NOT NULL, bias REAL NOT NULL, weights TEXT NOT NULL)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends a trained model and returns its id.</summary>
    public async Task<long> SaveAsync(string name, SentimentModel model, int examples, double accuracy, int worldSize, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO model_versions (name, created_at, examples, accuracy, world_size, bias, weights) VALUES (@name, @created, @examples, @accuracy, @world, @bias, @weights) RETURNING id";
        Add(command, "name", name);
        Add(command, "created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        Add(command, "examples", examples);
        Add(command, "accuracy", accuracy);
        Add(command, "world", worldSize);
        Add(command, "bias", model.Bias);
        Add(command, "weights", JsonSerializer.Serialize(model.Weights));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The id of the newest model, or null when none was trained yet (or the table does not exist yet).</summary>
    public async Task<long?> NewestIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!await TableExistsAsync(connection, cancellationToken))
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(id) FROM model_versions";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>The model with that id.</summary>
    public async Task<ModelVersion> LoadAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, created_at, examples, accuracy, world_size, bias, weights FROM model_versions WHERE id = @id";
        Add(command, "id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"model version {id} does not exist");
        }

        var weights = JsonSerializer.Deserialize<double[]>(reader.GetString(7)) ?? [];
        return new ModelVersion(
            reader.GetInt64(0),
            reader.GetString(1),
            DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
            reader.GetInt32(3),
            reader.GetDouble(4),
            reader.GetInt32(5),
            new SentimentModel(weights, reader.GetDouble(6)));
    }

    /// <summary>Opens and closes a connection: what the readiness check asks of the store.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<bool> TableExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _postgres
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'model_versions'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'model_versions'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    // A fresh cluster's PostgreSQL has no `models` database (Aspire creates it only for `dotnet run`).
    private async Task EnsurePostgresDatabaseAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(_connectionString);
        var database = target.Database ?? "models";
        var maintenance = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM pg_database WHERE datname = @name";
        Add(exists, "name", database);
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
        {
            return;
        }

        await using var create = connection.CreateCommand();
        create.CommandText = $"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another worker created it first.
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
