using System.Diagnostics;
using k8s.Models;
using KubeAi.Core.Generation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.BackingServices;

/// <summary>A fact that is skipped, saying why, when a command it runs is not installed.</summary>
public sealed class RequiresCommandsFactAttribute : FactAttribute
{
    public RequiresCommandsFactAttribute(params string[] commands)
    {
        var missing = commands.Where(c => ProbeCommandTests.Find(c) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"needs {string.Join(", ", missing)} (Debian packages postgresql / redis-server, which build/setup.sh installs)";
        }
    }
}

/// <summary>
/// The probe commands KubeAi generates, run for real against Debian's PostgreSQL and Redis (the
/// official images cannot be pulled here; the commands and behaviour are the same programs'):
/// up passes, down or not yet listening on TCP fails, and initdb's refusal of a mount that holds
/// lost+found is what the PGDATA subfolder avoids.
/// </summary>
public sealed class ProbeCommandTests
{
    private static readonly bool s_root = Environment.UserName == "root";

    /// <summary>A command on PATH or in Debian's PostgreSQL bin folder.</summary>
    internal static string? Find(string command) =>
        ProcessRunner.Which(command)
        ?? (Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin", command)).LastOrDefault(File.Exists)
            : null);

    private static List<string> Probe(string image, int port, string env = "")
    {
        var app = Inline.Generate($$"""
            { "resources": { "svc": { "type": "container.v0", "image": "{{image}}", "env": { {{env}} },
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": {{port}} } } } } }
            """);
        var container = Inline.Single<V1StatefulSet>(app, "svc").Spec.Template.Spec.Containers[0];
        Assert.Equal(container.ReadinessProbe.Exec.Command, container.LivenessProbe.Exec.Command);
        return container.ReadinessProbe.Exec.Command.ToList();
    }

    private static ProcessResult Run(IReadOnlyList<string> command, IDictionary<string, string?>? environment = null) =>
        ProcessRunner.Run(Find(command[0]) ?? command[0], command.Skip(1), environment: environment, timeout: TimeSpan.FromMinutes(1));

    /// <summary>Runs as the postgres user when the tests run as root: PostgreSQL refuses to run as root.</summary>
    private static ProcessResult AsPostgres(string command, params string[] arguments) => s_root
        ? ProcessRunner.Run("runuser", ["-u", "postgres", "--", Find(command)!, .. arguments], timeout: TimeSpan.FromMinutes(2))
        : ProcessRunner.Run(Find(command)!, arguments, timeout: TimeSpan.FromMinutes(2));

    [RequiresCommandsFact("initdb", "pg_ctl", "pg_isready")]
    public void Pg_isready_as_generated_passes_on_a_running_server_and_fails_before_tcp_and_after_stop()
    {
        var mount = RepoPaths.NewTempDirectory("kubeai-pg-mount");
        var socket = Path.Combine(mount, "run");
        Directory.CreateDirectory(Path.Combine(mount, "lost+found")); // what a fresh ext4 claim holds
        Directory.CreateDirectory(socket);
        if (s_root)
        {
            Assert.Equal(0, ProcessRunner.Run("chown", ["-R", "postgres", mount]).ExitCode);
        }

        // The mount itself: initdb refuses it. Its pgdata subfolder (KubeAi's PGDATA): fine.
        var refused = AsPostgres("initdb", "-D", mount, "-A", "trust", "-U", "postgres");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("exists but is not empty", refused.Output, StringComparison.Ordinal);
        var pgdata = Path.Combine(mount, "pgdata");
        var init = AsPostgres("initdb", "-D", pgdata, "-A", "trust", "-U", "postgres");
        Assert.True(init.ExitCode == 0, init.Output);

        var port = Podman.FreePort();
        var probe = Probe("docker.io/library/postgres:18.3", port);
        Assert.Equal(["pg_isready", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], probe);
        var log = Path.Combine(mount, "server.log");
        try
        {
            // The image's entrypoint first runs a temporary server on the socket only, during init: not ready.
            var socketOnly = AsPostgres("pg_ctl", "-D", pgdata, "-l", log, "-w", "-o", $"-p {port} -k {socket} -c listen_addresses=''", "start");
            Assert.True(socketOnly.ExitCode == 0, socketOnly.Output + File.ReadAllText(log));
            Assert.NotEqual(0, Run(probe).ExitCode);
            Assert.Equal(0, AsPostgres("pg_ctl", "-D", pgdata, "-w", "-m", "fast", "stop").ExitCode);

            var started = AsPostgres("pg_ctl", "-D", pgdata, "-l", log, "-w", "-o", $"-p {port} -k {socket} -c listen_addresses=127.0.0.1", "start");
            Assert.True(started.ExitCode == 0, started.Output + File.ReadAllText(log));
            var ready = Run(probe);
            Assert.True(ready.ExitCode == 0, ready.Output);
            Assert.Contains("accepting connections", ready.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            AsPostgres("pg_ctl", "-D", pgdata, "-w", "-m", "fast", "stop");
        }

        Assert.NotEqual(0, Run(probe).ExitCode);
    }

    [RequiresCommandsFact("redis-server", "redis-cli")]
    public void Redis_cli_as_generated_passes_with_the_password_aspire_sets_and_fails_without_or_when_down()
    {
        var port = Podman.FreePort();
        var probe = Probe("docker.io/library/redis:8.6", port, "\"REDIS_PASSWORD\": \"ignored-here\"");
        Assert.Equal(["sh", "-c"], probe.Take(2));
        var data = RepoPaths.NewTempDirectory("kubeai-redis-data");
        var info = new ProcessStartInfo(Find("redis-server")!)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", "s3cret pass", "--save", "", "--dir", data },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var server = Process.Start(info)!;
        try
        {
            var withPassword = new Dictionary<string, string?> { ["REDIS_PASSWORD"] = "s3cret pass" };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            ProcessResult ready;
            while ((ready = Run(probe, withPassword)).ExitCode != 0 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }

            Assert.True(ready.ExitCode == 0, ready.Output);
            Assert.NotEqual(0, Run(probe, new Dictionary<string, string?> { ["REDIS_PASSWORD"] = "wrong" }).ExitCode);
            Assert.NotEqual(0, Run(probe, new Dictionary<string, string?> { ["REDIS_PASSWORD"] = null }).ExitCode); // NOAUTH
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }

        Assert.NotEqual(0, Run(probe, new Dictionary<string, string?> { ["REDIS_PASSWORD"] = "s3cret pass" }).ExitCode);
    }
}
