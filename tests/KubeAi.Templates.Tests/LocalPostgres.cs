using System.Net;
using System.Net.Sockets;
using KubeAi.TestSupport;

namespace KubeAi.Templates.Tests;

/// <summary>
/// A throwaway PostgreSQL server on loopback from Debian's binaries (initdb + pg_ctl, trust
/// authentication, its own data folder and port), for running a generated solution whose models
/// are kept in PostgreSQL. As root it runs as the `postgres` user, which initdb requires.
/// </summary>
public sealed class LocalPostgres : IDisposable
{
    private readonly string _directory;
    private readonly string _bin;

    private LocalPostgres(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of database <c>models</c> (which the trainer creates when missing).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=models";

    /// <summary>Debian's PostgreSQL bin folder, or null when PostgreSQL is not installed.</summary>
    public static string? BinDirectory { get; } = FindBin();

    public static LocalPostgres Start()
    {
        var bin = BinDirectory ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql)");
        var directory = RepoPaths.NewTempDirectory("kubeai-postgres");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Check(ProcessRunner.Run("chown", ["postgres:postgres", directory]), "chown");
        }

        var server = new LocalPostgres(bin, directory, port);
        Check(server.Run("initdb", "-D", Path.Combine(directory, "data"), "-A", "trust", "-U", "postgres"), "initdb");
        Check(server.Run("pg_ctl", "-D", Path.Combine(directory, "data"), "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1", "-l", Path.Combine(directory, "log"), "-w", "start"), "pg_ctl start");
        return server;
    }

    public void Dispose()
    {
        Run("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ProcessResult Run(string tool, params string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.UserName == "root"
            ? ProcessRunner.Run("runuser", ["-u", "postgres", "--", path, .. arguments], _directory, timeout: TimeSpan.FromMinutes(2))
            : ProcessRunner.Run(path, arguments, _directory, timeout: TimeSpan.FromMinutes(2));
    }

    private static void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({result.ExitCode}): {result.Output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBin() =>
        System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .Order(StringComparer.Ordinal)
                .LastOrDefault()
            : null;
}

/// <summary>A fact that needs PostgreSQL's server binaries: skipped, saying why, where they are not installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (LocalPostgres.BinDirectory is null)
        {
            Skip = "needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/initdb); install them with apt-get install postgresql";
        }
    }
}
