using System.Globalization;
using System.Text;

namespace KubeAi.Core.Diagnostics;

/// <summary>
/// What every adapter does with an exception KubeAi did not expect: the details (type, message, stack trace)
/// go to a log file, the console gets one <c>KUBEAI9000</c> line that says what was being done and where the
/// details are. A user never sees a stack trace; a maintainer still gets one.
/// </summary>
public static class InternalErrors
{
    /// <summary>The folder of internal-error logs: <c>KUBEAI_LOG_DIR</c>, else <c>$TMPDIR/kubeai</c>.</summary>
    public static string LogDirectory =>
        Environment.GetEnvironmentVariable("KUBEAI_LOG_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "kubeai");

    /// <summary>Writes <paramref name="exception"/> to a new log file and returns the coded error that points at it.</summary>
    public static KubeAiException Wrap(Exception exception, string during)
    {
        var summary = $"{exception.GetType().Name}: {Messages.OneLine(exception.Message, 200)}";
        var log = TryWriteLog(exception, during);
        var where = log is null ? "no log file could be written" : $"details in {log}";
        return new KubeAiException(ErrorCodes.InternalError, $"internal error while {during} ({summary}); {where}; please report it", inner: exception);
    }

    /// <summary>Writes <paramref name="text"/> (an external process's whole output, say) to a new log file; null if that failed.</summary>
    public static string? TryWriteLog(string name, string text)
    {
        try
        {
            Directory.CreateDirectory(LogDirectory);
            var path = Path.Combine(LogDirectory, $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.log");
            File.WriteAllText(path, text, Encoding.UTF8);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    private static string? TryWriteLog(Exception exception, string during) =>
        TryWriteLog("kubeai-internal-error", $"KubeAi {typeof(InternalErrors).Assembly.GetName().Version} internal error while {during}{Environment.NewLine}{exception}{Environment.NewLine}");
}

/// <summary>Message text that stays one line on any input.</summary>
public static class Messages
{
    /// <summary>
    /// <paramref name="text"/> with control characters escaped (<c>\n</c>, <c>\t</c>, <c>\u0000</c>), lone surrogates
    /// replaced, and cut to <paramref name="max"/> characters with an ellipsis: safe to put in a one-line error.
    /// </summary>
    public static string OneLine(string? text, int max = 160)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = new StringBuilder(Math.Min(text.Length, max) + 8);
        var i = 0;
        for (; i < text.Length && result.Length < max; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        result.Append(c).Append(text[++i]);
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
                    {
                        result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return i < text.Length ? result.ToString(0, Math.Min(result.Length, max)) + "…" : result.ToString();
    }
}
