using System.Text.Json;
using System.Text.Json.Serialization;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>
/// What an app host's <c>kubeai-kubernetes</c> step reports back to the process that ran it (KubeAi.Build), as a
/// JSON file named by <see cref="ResultFileVariable"/>: success or the one coded error, the warnings, and the
/// summary lines. The console output of the app host is for people; this file is for the task, so nothing
/// depends on parsing log lines.
/// </summary>
public sealed record PublishResultFile
{
    public const string ResultFileVariable = "KUBEAI_RESULT_FILE";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public bool Succeeded { get; init; }

    /// <summary>The error when the step failed: its code, message and origin (never a secret: KubeAi's messages carry none).</summary>
    public PublishError? Error { get; init; }

    public IReadOnlyList<PublishWarning> Warnings { get; init; } = [];

    /// <summary>The lines every publish path prints (<see cref="GenerationResult.SummaryLines"/>).</summary>
    public IReadOnlyList<string> Summary { get; init; } = [];

    public static PublishResultFile Success(GenerationResult result) => new()
    {
        Succeeded = true,
        Warnings = result.Application.Warnings.Select(w => new PublishWarning(w.Code, w.Message)).ToList(),
        Summary = result.SummaryLines().ToList(),
    };

    public static PublishResultFile Failure(KubeAiException error) => new()
    {
        Succeeded = false,
        Error = new PublishError(error.Code, error.Message, error.Origin),
    };

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));

    /// <summary>The result at <paramref name="path"/>, or null when the step never wrote one (the app host stopped before it ran).</summary>
    public static PublishResultFile? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PublishResultFile>(File.ReadAllText(path), s_json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            throw new KubeAiException(ErrorCodes.AppHostFailed, $"the app host's result file cannot be read: {ex.Message}", path);
        }
    }

    public KubeAiException? ToException() => Error is null ? null : new KubeAiException(Error.Code, Error.Message, Error.Origin);
}

public sealed record PublishError(string Code, string Message, string? Origin);

public sealed record PublishWarning(string Code, string Message);
