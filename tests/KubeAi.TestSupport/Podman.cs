namespace KubeAi.TestSupport;

/// <summary>Runs containers with Debian's podman, configured by build/podman.sh (host network, runc).</summary>
public static class Podman
{
    private static readonly Lazy<Dictionary<string, string?>> s_environment = new(() =>
    {
        var script = Path.Combine(RepoPaths.Root, "build", "podman.sh");
        var result = ProcessRunner.Run("bash", [script, "env"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"build/podman.sh env failed: {result.Output}");
        }

        // "export A=x B=y C=z"
        return result.StdOut.Trim().Replace("export ", string.Empty, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => (string?)p[1]);
    });

    public static IDictionary<string, string?> Environment => s_environment.Value;

    public static ProcessResult Run(params string[] arguments)
    {
        var podman = ProcessRunner.Which("podman") ?? throw new InvalidOperationException("podman is not installed; run build/setup.sh");
        return ProcessRunner.Run(podman, arguments, environment: Environment, timeout: TimeSpan.FromMinutes(3));
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Polls <paramref name="url"/> until it answers or the time is up; returns the last status (0: no answer).</summary>
    public static int WaitForHttp(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        var status = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = http.GetAsync(url).GetAwaiter().GetResult();
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return status;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            Thread.Sleep(250);
        }

        return status;
    }
}
