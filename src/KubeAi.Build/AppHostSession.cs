using System.Diagnostics;
using System.Text;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Build;

/// <summary>
/// One running app host whose standard input stays open, so that a publish can start it once, take its
/// manifest, build the images, and only then tell it to write the tree (Core's <c>AppHostHandoff</c>).
/// Registered with MSBuild for the build's lifetime: a build that fails in between disposes it, which
/// closes its input (the step exits writing nothing) and, failing that, stops its process tree.
/// </summary>
internal sealed class AppHostSession : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private bool _inputClosed;

    private AppHostSession(Process process, string step, string appHostAssembly)
    {
        _process = process;
        Step = step;
        AppHostAssembly = appHostAssembly;
    }

    public string Step { get; }

    public string AppHostAssembly { get; }

    public bool HasExited => _process.HasExited;

    public static AppHostSession Start(string? dotnetHost, string appHostAssembly, string workingDirectory, string step, string outputDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var host = dotnetHost is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromMsBuild ? fromMsBuild
            : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { appHostAssembly, "--operation", "publish", "--step", step, "--output-path", outputDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPIRE_INTERACTIVITY_ENABLED"] = "false";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new KubeAiException(ErrorCodes.AppHostFailed, $"could not start '{host}' to run the app host: {ex.Message}", appHostAssembly);
        }

        var session = new AppHostSession(started ?? throw new KubeAiException(ErrorCodes.AppHostFailed, $"could not start '{host}' to run the app host", appHostAssembly), step, appHostAssembly);
        session._process.OutputDataReceived += (_, e) => session.Append(e.Data);
        session._process.ErrorDataReceived += (_, e) => session.Append(e.Data);
        session._process.BeginOutputReadLine();
        session._process.BeginErrorReadLine();
        return session;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>Waits until <paramref name="path"/> exists (true) or the app host exits without writing it (false).</summary>
    public bool WaitForFile(string path, int timeoutMilliseconds)
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (_process.WaitForExit(25))
            {
                _process.WaitForExit();
                return File.Exists(path);
            }

            if (deadline.ElapsedMilliseconds > timeoutMilliseconds)
            {
                throw TimedOut(timeoutMilliseconds);
            }
        }

        return true;
    }

    /// <summary>Sends one line and closes the input.</summary>
    public void Send(string line)
    {
        if (_inputClosed)
        {
            return;
        }

        _inputClosed = true;
        try
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It has exited already; WaitForExit tells how.
        }
    }

    /// <summary>Waits for the app host to exit, stopping it after <paramref name="timeoutMilliseconds"/>.</summary>
    public AppHostRun WaitForExit(int timeoutMilliseconds)
    {
        if (!_process.WaitForExit(timeoutMilliseconds))
        {
            throw TimedOut(timeoutMilliseconds);
        }

        _process.WaitForExit();
        lock (_output)
        {
            return new AppHostRun(_process.ExitCode, _output.ToString(), _watch.Elapsed);
        }
    }

    private KubeAiException TimedOut(int timeoutMilliseconds)
    {
        Kill();
        string soFar;
        lock (_output)
        {
            soFar = _output.ToString();
        }

        var log = InternalErrors.TryWriteLog($"kubeai-apphost-{Step}", soFar);
        return new KubeAiException(
            ErrorCodes.AppHostTimedOut,
            $"the app host's '{Step}' step did not finish within {timeoutMilliseconds / 1000} s and was stopped (raise KubeAiAppHostTimeout if it is only slow){(log is null ? string.Empty : $"; output so far in {log}")}",
            AppHostAssembly);
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Closes the input (the step exits writing nothing); stops the app host if it does not exit soon.</summary>
    public void Dispose()
    {
        Send(string.Empty);
        if (!_process.WaitForExit(10_000))
        {
            Kill();
        }

        _process.Dispose();
    }

    /// <summary>The key a session is registered under in MSBuild, per manifest file.</summary>
    public static string KeyFor(string manifestPath) => "KubeAi.AppHostSession:" + Path.GetFullPath(manifestPath);
}
