using System.Collections;
using Microsoft.Build.Framework;

namespace KubeAi.Build.Tests.Infrastructure;

/// <summary>One logged event, reduced to what the assertions look at.</summary>
public sealed record LoggedEvent(string? Code, string Message, string? File, MessageImportance? Importance = null)
{
    public override string ToString() => Code is null ? Message : $"{Code}: {Message}";
}

/// <summary>
/// The smallest build engine a task can run against: it records errors, warnings and messages
/// (with their codes and files) so tests can assert exactly what a user would see.
/// </summary>
public sealed class FakeBuildEngine : IBuildEngine
{
    public FakeBuildEngine(string projectFile = "/fake/project/App.csproj")
    {
        ProjectFileOfTaskNode = projectFile;
    }

    public List<LoggedEvent> Errors { get; } = [];

    public List<LoggedEvent> Warnings { get; } = [];

    public List<LoggedEvent> Messages { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode { get; }

    /// <summary>Everything logged, one event per line, for assertion messages.</summary>
    public string Log => string.Join('\n', Errors.Select(e => "error " + e).Concat(Warnings.Select(w => "warning " + w)).Concat(Messages.Select(m => m.Message)));

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("KubeAi's tasks never build other projects");

    public void LogCustomEvent(CustomBuildEventArgs e) => Messages.Add(new LoggedEvent(null, e.Message ?? string.Empty, null));

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(new LoggedEvent(e.Code, e.Message ?? string.Empty, e.File));

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(new LoggedEvent(e.Code, e.Message ?? string.Empty, e.File, e.Importance));

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(new LoggedEvent(e.Code, e.Message ?? string.Empty, e.File));
}
