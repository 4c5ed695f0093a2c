using System.Diagnostics;

/// <summary>
/// Which database <c>dotnet run</c> uses. The setting <c>LocalDatabase</c> (appsettings.json, or
/// <c>LocalDatabase=...</c> on the command line / environment) is <c>postgres</c> (the Aspire PostgreSQL
/// container), <c>sqlite</c> (an embedded file under <c>.kubeai/</c>, no container needed) or <c>auto</c>
/// (default): PostgreSQL when a container runtime answers, SQLite otherwise. Publishing always uses
/// PostgreSQL. The trainer and the API tell the two apart by the connection string
/// (<c>Host=</c> is PostgreSQL, <c>Data Source=</c> is SQLite).
/// </summary>
internal static class LocalDatabase
{
    public static bool UsePostgres(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return true;
        }

        var choice = builder.Configuration["LocalDatabase"] ?? "auto";
        return choice.ToLowerInvariant() switch
        {
            "postgres" or "postgresql" => true,
            "sqlite" => false,
            "auto" => ContainerRuntimeAnswers(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? builder.Configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker"),
            _ => throw new InvalidOperationException($"LocalDatabase must be auto, postgres or sqlite, not '{choice}'"),
        };
    }

    /// <summary>The SQLite file of a local run: <c>&lt;app host&gt;/.kubeai/models.db</c>, unless <c>LocalDatabasePath</c> names another.</summary>
    public static string SqlitePath(IDistributedApplicationBuilder builder)
    {
        var path = builder.Configuration["LocalDatabasePath"] ?? Path.Combine(builder.AppHostDirectory, ".kubeai", "models.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return Path.GetFullPath(path);
    }

    // `docker info` / `podman info` talks to the engine: a client without an engine fails.
    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
