using KubeAi.Core.AppModel;
using Microsoft.Build.Framework;

namespace KubeAi.Build;

/// <summary>
/// The manifest parsed once per build: the tasks of one publish (projects, validation, generation) share
/// one <see cref="AppManifest"/> through MSBuild's registered task objects, keyed by the file and its stamp.
/// </summary>
internal static class ManifestCache
{
    private sealed record Entry(long Length, DateTime Written, AppManifest Manifest);

    /// <summary>How many times this process parsed each manifest file (tests read it).</summary>
    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Parses = new(StringComparer.Ordinal);

    public static AppManifest Read(IBuildEngine? engine, string path)
    {
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        var key = "KubeAi.Manifest:" + full;
        if (engine is IBuildEngine4 registry && info.Exists)
        {
            if (registry.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is Entry entry
                && entry.Length == info.Length && entry.Written == info.LastWriteTimeUtc)
            {
                return entry.Manifest;
            }

            var manifest = Parse(full);
            registry.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build);
            registry.RegisterTaskObject(key, new Entry(info.Length, info.LastWriteTimeUtc, manifest), RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return manifest;
        }

        return Parse(full);
    }

    private static AppManifest Parse(string path)
    {
        Parses.AddOrUpdate(path, 1, (_, count) => count + 1);
        return ManifestReader.ReadFile(path);
    }
}
