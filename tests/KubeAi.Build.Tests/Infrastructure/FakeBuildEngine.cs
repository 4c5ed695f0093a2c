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
public sealed class FakeBuildEngine : IBuildEngine4
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

    // IBuildEngine2-4: registered task objects, as MSBuild keeps them for one build (the tasks share a parsed
    // manifest and a waiting app host through them); EndBuild disposes them as MSBuild does.
    private readonly Dictionary<object, object> _registered = [];

    public bool IsRunningMultipleNodes => false;

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) =>
        throw new NotSupportedException("KubeAi's tasks never build other projects");

    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) =>
        throw new NotSupportedException("KubeAi's tasks never build other projects");

    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) =>
        throw new NotSupportedException("KubeAi's tasks never build other projects");

    public void Yield()
    {
    }

    public void Reacquire()
    {
    }

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => _registered[key] = obj;

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _registered.GetValueOrDefault(key);

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _registered.Remove(key, out var obj) ? obj : null;

    /// <summary>The end of the build: every registered object that is disposable is disposed.</summary>
    public void EndBuild()
    {
        foreach (var obj in _registered.Values)
        {
            (obj as IDisposable)?.Dispose();
        }

        _registered.Clear();
    }
}
