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
            foreach (var metadata in item.CloneCustomMetadata().Cast<DictionaryEntry>().OrderBy(e => (string)e.Key, StringComparer.Ordinal))
            {
                fingerprint.Add(name + "." + metadata.Key, metadata.Value as string);
            }
        }

        return fingerprint;
    }
}
