using KubeAi.Core.Diagnostics;
using Microsoft.Build.Utilities;

namespace KubeAi.Build;

/// <summary>Turns KubeAi errors into coded MSBuild errors: one line, no stack trace.</summary>
internal static class TaskErrors
{
    public static void Log(TaskLoggingHelper log, KubeAiException error, string file) =>
        log.LogError(null, error.Code, null, file, 0, 0, 0, 0, error.Origin is null ? error.Message : $"{error.Message} (at {error.Origin})");

    public static void Log(TaskLoggingHelper log, string code, string file, string message) =>
        log.LogError(null, code, null, file, 0, 0, 0, 0, message);

    /// <summary>Runs a task body; KubeAi errors are logged as coded errors and fail the task.</summary>
    public static bool Run(TaskLoggingHelper log, string file, Func<bool> body)
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
    }
}
