using KubeAi.Core.Diagnostics;
using Microsoft.Build.Utilities;

namespace KubeAi.Build;

/// <summary>Turns KubeAi errors into coded MSBuild errors: one line, no stack trace.</summary>
internal static class TaskErrors
{
    public static void Log(TaskLoggingHelper log, KubeAiException error, string file)
    {
        // The display form without its "KUBEAInnnn: " prefix: MSBuild writes the code itself.
        var line = error.ToDisplayString();
        log.LogError(null, error.Code, null, file, 0, 0, 0, 0, line[(error.Code.Length + 2)..]);
    }

    public static void Log(TaskLoggingHelper log, string code, string file, string message) =>
        log.LogError(null, code, null, file, 0, 0, 0, 0, message);

    /// <summary>
    /// Runs a task body; KubeAi errors are logged as coded errors and fail the task. Anything else is a bug: one
    /// KUBEAI9000 line pointing at a log file with the details, never MSBuild's MSB4018 stack trace.
    /// </summary>
    public static bool Run(TaskLoggingHelper log, string file, Func<bool> body, string? during = null)
    {
        try
        {
            return body() && !log.HasLoggedErrors;
        }
        catch (KubeAiException ex)
        {
            Log(log, ex, file);
            return false;
        }
        catch (Exception ex)
        {
            Log(log, InternalErrors.Wrap(ex, during ?? "running a KubeAi MSBuild task"), file);
            return false;
        }
    }
}
