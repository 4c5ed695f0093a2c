namespace KubeAi.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster of Debian's server binaries (build/postgres.sh installs them), on
/// 127.0.0.1 and a free port, with password authentication; stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PostgresServer(string bin, string data, int port, string password)
    {
        _bin = bin;
        _data = data;
        Port = port;
        Password = password;
    }

    /// <summary>The port it listens on (loopback only).</summary>
    public int Port { get; }

    /// <summary>The password of the <c>postgres</c> user (a random one, per cluster).</summary>
    public string Password { get; }

    /// <summary>An Npgsql connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database}";

    /// <summary>The bin folder of the newest installed server, or null (the caller skips, naming build/postgres.sh).</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>initdb + pg_ctl start as the postgres user, then CREATE DATABASE for each of <paramref name="databases"/>.</summary>
    public static PostgresServer Start(params string[] databases)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL is not installed: run build/postgres.sh (build/setup.sh does)");
        var data = RepoPaths.NewTempDirectory("kubeai-postgres");
        var password = Guid.NewGuid().ToString("N");
        var passwordFile = Path.Combine(data, "pwfile");
        File.WriteAllText(passwordFile, password + "\n");
        var cluster = Path.Combine(data, "cluster");
        Run("chown", "-R", "postgres:postgres", data);
        AsPostgres(Path.Combine(bin, "initdb"), "-D", cluster, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--no-sync");
        var port = Podman.FreePort();
        var server = new PostgresServer(bin, cluster, port, password);
        AsPostgres(Path.Combine(bin, "pg_ctl"), "-D", cluster, "-w", "-t", "60", "-l", Path.Combine(data, "server.log"),
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off", "start");
        foreach (var database in databases)
        {
            AsPostgres(Path.Combine(bin, "createdb"), "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", database, environment: new Dictionary<string, string?> { ["PGPASSWORD"] = password });
        }

        return server;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ProcessRunner.Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", _data, "-m", "immediate", "stop"], timeout: TimeSpan.FromMinutes(1));
    }

    private static void AsPostgres(string program, params string[] arguments) => AsPostgres(program, arguments, null);

    private static void AsPostgres(string program, string a, string b, string c, string d, string e, string f, string g, IDictionary<string, string?> environment) =>
        AsPostgres(program, [a, b, c, d, e, f, g], environment);

    private static void AsPostgres(string program, string[] arguments, IDictionary<string, string?>? environment) =>
        Run("runuser", ["-u", "postgres", "--", program, .. arguments], environment);

    private static void Run(string program, params string[] arguments) => Run(program, arguments, null);

    private static void Run(string program, string[] arguments, IDictionary<string, string?>? environment)
    {
        var result = ProcessRunner.Run(program, arguments, environment: environment, timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
        }
    }
}
