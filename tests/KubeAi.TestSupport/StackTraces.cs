using System.Text.RegularExpressions;

namespace KubeAi.TestSupport;

/// <summary>
/// Finds what a user must never see in console output: .NET stack frames (<c>   at X.Y(...)</c>)
/// and exception headers (<c>System.InvalidOperationException: …</c>, <c>Unhandled exception.</c>).
/// </summary>
public static partial class StackTraces
{
    /// <summary>The offending lines of <paramref name="output"/>; empty when it is clean.</summary>
    public static IReadOnlyList<string> Find(string output) =>
        output.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => Frame().IsMatch(l) || ExceptionHeader().IsMatch(l) || l.Contains("Unhandled exception", StringComparison.Ordinal))
            .ToList();

    [GeneratedRegex(@"^\s+at [\w.`<>\[\],|]+\(.*\)")]
    private static partial Regex Frame();

    [GeneratedRegex(@"\b[\w.]*Exception: ")]
    private static partial Regex ExceptionHeader();
}
