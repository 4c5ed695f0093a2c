namespace KubeAi.Core.Diagnostics;

/// <summary>
/// A user-facing error: a stable <c>KUBEAI</c> code, a message that names the offending value,
/// and where that value came from. Adapters (CLI, MSBuild tasks, Aspire) print it as one line.
/// </summary>
public sealed class KubeAiException : Exception
{
    public KubeAiException(string code, string message, string? origin = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Origin = origin;
    }

    /// <summary>The error code, for example <c>KUBEAI1004</c>; documented in docs/errors.md.</summary>
    public string Code { get; }

    /// <summary>Where the offending value came from (file, resource, property), when known.</summary>
    public string? Origin { get; }

    /// <summary>
    /// The one-line form: <c>KUBEAI1004: message (at origin)</c>. Whatever a message quotes from the input, the
    /// line stays one line (control characters escaped) and bounded in length.
    /// </summary>
    public string ToDisplayString()
    {
        var message = Messages.OneLine(Message, MaxMessageLength);
        return Origin is null ? $"{Code}: {message}" : $"{Code}: {message} (at {Messages.OneLine(Origin, MaxOriginLength)})";
    }

    /// <summary>Bounds of the one-line form: long enough for every message KubeAi writes, short enough for a console.</summary>
    public const int MaxMessageLength = 400;
    public const int MaxOriginLength = 200;
}

/// <summary>Something the user should know that does not stop generation.</summary>
public sealed record KubeAiWarning(string Code, string Message)
{
    public override string ToString() => $"{Code}: {DisplayMessage}";

    /// <summary>The message as one bounded line (what it quotes from the input escaped).</summary>
    public string DisplayMessage => Messages.OneLine(Message, KubeAiException.MaxMessageLength);
}
