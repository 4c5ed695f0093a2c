using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SentimentPlatform.Model;

/// <summary>A model version as stored: its number, the run that made it, its validation accuracy and the model.</summary>
public sealed record StoredModel(int Version, long RunId, double ValidationAccuracy, LogisticRegression Model);

/// <summary>
/// Where runs, per-epoch metrics and model versions are kept: PostgreSQL (Npgsql) in the cluster and
/// under a container runtime, SQLite (Microsoft.Data.Sqlite) as the embedded default of <c>dotnet run</c>
/// without one. One schema, created if missing; the connection string decides: one with a <c>Host</c>
/// key is PostgreSQL, one with a <c>Data Source</c> key is SQLite.
/// </summary>
public sealed class ModelDatabase
{
    private readonly string _connectionString;

    private ModelDatabase(string connectionString, bool isPostgres)
    {
        _connectionString = connectionString;
        IsPostgres = isPostgres;
    }

    /// <summary>True for PostgreSQL, false for SQLite.</summary>
    public bool IsPostgres { get; }

    /// <summary>Chooses the provider from the connection string (ConnectionStrings__models).</summary>
    public static ModelDatabase FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
        {
            return new ModelDatabase(connectionString, isPostgres: true);
        }

        if (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"))
        {
            // Several ranks write at once: wait for the file lock instead of failing.
            var sqlite = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 60 };
            return new ModelDatabase(sqlite.ToString(), isPostgres: false);
        }

        throw new ArgumentException("the models connection string names neither a PostgreSQL Host nor a SQLite Data Source", nameof(connectionString));
    }

    /// <summary>The PostgreSQL or SQLite text of the schema: the three tables, created if missing.</summary>
    public string SchemaSql => IsPostgres
        ? """
          CREATE TABLE IF NOT EXISTS training_runs (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            started TIMESTAMPTZ NOT NULL,
            finished TIMESTAMPTZ NULL,
            world_size INTEGER NOT NULL,
            status TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS epoch_metrics (
            run_id BIGINT NOT NULL REFERENCES training_runs (id),
            epoch INTEGER NOT NULL,
            rank INTEGER NOT NULL,
            loss DOUBLE PRECISION NOT NULL,
            validation_accuracy DOUBLE PRECISION NOT NULL,
            seconds DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (run_id, epoch, rank));
          CREATE TABLE IF NOT EXISTS model_versions (
            version INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id BIGINT NOT NULL REFERENCES training_runs (id),
            created TIMESTAMPTZ NOT NULL,
            validation_accuracy DOUBLE PRECISION NOT NULL,
            model BYTEA NOT NULL);
          """
        : """
          CREATE TABLE IF NOT EXISTS training_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started TEXT NOT NULL,
            finished TEXT NULL,
            world_size INTEGER NOT NULL,
            status TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS epoch_metrics (
            run_id INTEGER NOT NULL REFERENCES training_runs (id),
            epoch INTEGER NOT NULL,
            rank INTEGER NOT NULL,
            loss REAL NOT NULL,
            validation_accuracy REAL NOT NULL,
            seconds REAL NOT NULL,
            PRIMARY KEY (run_id, epoch, rank));
          CREATE TABLE IF NOT EXISTS model_versions (
            version INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES training_runs (id),
            created TEXT NOT NULL,
            validation_accuracy REAL NOT NULL,
            model BLOB NOT NULL);
          """;

    /// <summary>Creates the tables that are missing (run by rank 0 only, before the others may write).</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!IsPostgres)
        {
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", [], cancellationToken);
        }

        await ExecuteAsync(connection, SchemaSql, [], cancellationToken);
    }

    /// <summary>Records a new run as running and returns its id.</summary>
    public async Task<long> StartRunAsync(int worldSize, DateTimeOffset started, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var id = await ScalarAsync(connection, "INSERT INTO training_runs (started, world_size, status) VALUES (@started, @world, 'running') RETURNING id",
            [("started", Time(started)), ("world", worldSize)], cancellationToken);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    /// <summary>Marks a run resumed from a checkpoint as running again; false when the database has no such run.</summary>
    public async Task<bool> ResumeRunAsync(long runId, int worldSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var changed = await ExecuteAsync(connection, "UPDATE training_runs SET status = 'running', finished = NULL, world_size = @world WHERE id = @id",
            [("id", runId), ("world", worldSize)], cancellationToken);
        return changed == 1;
    }

    /// <summary>Ends a run with <paramref name="status"/> (<c>completed</c> or <c>failed</c>).</summary>
    public async Task FinishRunAsync(long runId, string status, DateTimeOffset finished, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE training_runs SET status = @status, finished = @finished WHERE id = @id",
            [("id", runId), ("status", status), ("finished", Time(finished))], cancellationToken);
    }

    /// <summary>Records one rank's epoch (replacing the row when a resumed run repeats the epoch).</summary>
    public async Task RecordEpochAsync(long runId, int epoch, int rank, double loss, double validationAccuracy, double seconds, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            """
            INSERT INTO epoch_metrics (run_id, epoch, rank, loss, validation_accuracy, seconds) VALUES (@run, @epoch, @rank, @loss, @accuracy, @seconds)
            ON CONFLICT (run_id, epoch, rank) DO UPDATE SET loss = excluded.loss, validation_accuracy = excluded.validation_accuracy, seconds = excluded.seconds
            """,
            [("run", runId), ("epoch", epoch), ("rank", rank), ("loss", loss), ("accuracy", validationAccuracy), ("seconds", seconds)], cancellationToken);
    }

    /// <summary>Stores a trained model as the next version and returns its number.</summary>
    public async Task<int> AddModelVersionAsync(long runId, DateTimeOffset created, double validationAccuracy, LogisticRegression model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var connection = await OpenAsync(cancellationToken);
        var version = await ScalarAsync(connection,
            "INSERT INTO model_versions (run_id, created, validation_accuracy, model) VALUES (@run, @created, @accuracy, @model) RETURNING version",
            [("run", runId), ("created", Time(created)), ("accuracy", validationAccuracy), ("model", model.Serialize())], cancellationToken);
        return Convert.ToInt32(version, CultureInfo.InvariantCulture);
    }

    /// <summary>The newest version number, or null when there is none yet (or no tables yet).</summary>
    public async Task<int?> NewestVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!await TablesExistAsync(connection, cancellationToken))
        {
            return null;
        }

        var newest = await ScalarAsync(connection, "SELECT MAX(version) FROM model_versions", [], cancellationToken);
        return newest is null or DBNull ? null : Convert.ToInt32(newest, CultureInfo.InvariantCulture);
    }

    /// <summary>The newest model version, or null when there is none yet.</summary>
    public async Task<StoredModel?> LoadNewestAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!await TablesExistAsync(connection, cancellationToken))
        {
            return null;
        }

        await using var command = Command(connection, "SELECT version, run_id, validation_accuracy, model FROM model_versions ORDER BY version DESC LIMIT 1", []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var bytes = (byte[])reader.GetValue(3);
        return new StoredModel(reader.GetInt32(0), reader.GetInt64(1), reader.GetDouble(2), LogisticRegression.Deserialize(bytes));
    }

    /// <summary>Row counts per table, for tests and the trainer's summary.</summary>
    public async Task<(long Runs, long Epochs, long Versions)> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        async Task<long> Count(string table) => Convert.ToInt64(await ScalarAsync(connection, $"SELECT COUNT(*) FROM {table}", [], cancellationToken), CultureInfo.InvariantCulture);
        return (await Count("training_runs"), await Count("epoch_metrics"), await Count("model_versions"));
    }

    /// <summary>Runs a query and returns every row as an array of values (for tests and tools).</summary>
    public async Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<bool> TablesExistAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = IsPostgres
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'model_versions' AND table_schema = current_schema()"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'model_versions'";
        return Convert.ToInt64(await ScalarAsync(connection, sql, [], cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    // PostgreSQL keeps timestamptz; SQLite has no time type, so ISO 8601 text (which sorts as time does).
    private object Time(DateTimeOffset time) => IsPostgres ? time.ToUniversalTime() : time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
