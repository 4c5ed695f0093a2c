using System.Collections;
using KubeAi.Core.Output;
using Microsoft.Build.Framework;

namespace KubeAi.Build;

internal static class InputFingerprints
{
    /// <summary>A fingerprint stamped with the task assembly.</summary>
    public static InputFingerprint For(string stage) => new(stage, typeof(InputFingerprints).Assembly);

    public static InputFingerprint Add(this InputFingerprint fingerprint, string name, IEnumerable<ITaskItem> items)
    {
        foreach (var item in items)
        {
            fingerprint.Add(name, item.ItemSpec);
            // MSBuild's items enumerate their metadata as KeyValuePairs, TaskItem's as DictionaryEntries: go by key.
            var metadata = item.CloneCustomMetadata();
            foreach (var key in metadata.Keys.Cast<object>().Select(k => k.ToString() ?? string.Empty).Order(StringComparer.Ordinal))
            {
                fingerprint.Add(name + "." + key, metadata[key] as string);
            }
        }

        return fingerprint;
    }
}
