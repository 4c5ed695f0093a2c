using System.Diagnostics;
using System.Text;

namespace KubeAi.Core.Diagnostics;

/// <summary>What one external command printed and how it ended.</summary>
public sealed record ExternalProcessResult(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

/// <summary>
/// The one way KubeAi runs another program (kubectl, the app host through <c>dotnet</c>, ...): never interactive
/// (standard input closed after what is given), a wall-clock bound after which the whole process tree is killed
/// (KUBEAI5020 unless the caller names its own code), and at most <see cref="MaxOutputChars"/> of each output kept,
/// so neither a hung nor a chatty command can hang or exhaust KubeAi (docs/limits.md).
/// </summary>
public static class ExternalProcess
{
    /// <summary>The most of each output stream kept (4 Mi characters); the rest is dropped.</summary>
    public const int MaxOutputChars = 4 * 1024 * 1024;

    // After a kill (or once the command has exited), how long to wait for its output pipes to close: a grandchild
    // that left the process tree can hold them open forever.
    private static readonly TimeSpan s_drain = TimeSpan.FromSeconds(10);

    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as one argument (no shell).</param>
    /// <param name="timeout">The wall-clock bound.</param>
    /// <param name="description">The command as messages name it (never its input or secret arguments).</param>
    /// <param name="origin">Where the command comes from, for the error's <c>(at ...)</c>.</param>
    /// <param name="stdin">Text written to its standard input, or null.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="workingDirectory">Its working directory, or null for the current one.</param>
    /// <param name="timedOutCode">The code of the timeout error (default KUBEAI5020).</param>
    /// <param name="notStartedCode">The code when the program cannot be started (default KUBEAI5021).</param>
    /// <param name="timedOutHint">Appended to the timeout message (how to raise the bound), or null.</param>
    public static ExternalProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string description,
        string? origin = null,
        string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string timedOutCode = ErrorCodes.ProcessTimedOut,
        string notStartedCode = ErrorCodes.ProcessNotStarted,
        string? timedOutHint = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        // The end of each stream (a null line), so the output is read to its end before it is returned.
        var stdoutClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data, stdoutClosed);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data, stderrClosed);
        var watch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new KubeAiException(notStartedCode, $"cannot start {Messages.OneLine(description, 120)}: {Messages.OneLine(ex.Message, 200)}", origin ?? fileName);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited before reading its input; its exit code and output say why.
        }

        if (!process.WaitForExit(timeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            Task.WaitAll([stdoutClosed.Task, stderrClosed.Task], s_drain);
            throw new KubeAiException(
                timedOutCode,
                $"{Messages.OneLine(description, 120)} did not finish within {Describe(timeout)} and was stopped{(timedOutHint is null ? string.Empty : " " + timedOutHint)}",
                origin ?? Messages.OneLine(description, 120))
            {
                Data = { ["stdout"] = Text(stdout), ["stderr"] = Text(stderr) },
            };
        }

        // Exited: the output pipes close with it, unless something it started keeps them open (bounded too).
        Task.WaitAll([stdoutClosed.Task, stderrClosed.Task], s_drain);
        return new ExternalProcessResult(process.ExitCode, Text(stdout), Text(stderr), watch.Elapsed);
    }

    /// <summary>A bound as messages say it: <c>30 s</c>, <c>5 min</c>, <c>2 h</c>.</summary>
    public static string Describe(TimeSpan bound) =>
        bound.TotalSeconds < 120 ? $"{bound.TotalSeconds:0.#} s"
        : bound.TotalMinutes < 120 ? $"{bound.TotalMinutes:0.#} min"
        : $"{bound.TotalHours:0.#} h";

    private static void Append(StringBuilder buffer, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (buffer)
        {
            if (buffer.Length < MaxOutputChars)
            {
                buffer.Append(line, 0, Math.Min(line.Length, MaxOutputChars - buffer.Length)).Append('\n');
            }
        }
    }

    private static string Text(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
