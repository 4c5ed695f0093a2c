using System.Globalization;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace KubeAi.Build;

/// <summary>
/// Turns <c>KubeAiEnvironment</c> items and a <c>kubeai.environments.json</c> file into Core's
/// environments: the file first, an item of the same name replaces that environment whole.
/// </summary>
internal static class DeliveryEnvironmentItems
{
    public static IReadOnlyDictionary<string, DeliveryEnvironment>? Read(ITaskItem[] items, string? file)
    {
        var fromFile = string.IsNullOrWhiteSpace(file) ? null : DeliveryEnvironments.ReadFile(file);
        if (items.Length == 0)
        {
            return fromFile;
        }

        var fromItems = new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var origin = $"KubeAiEnvironment item '{item.ItemSpec}'";
            var workloads = new SortedDictionary<string, WorkloadOverride>(StringComparer.Ordinal);
            foreach (var pair in item.GetMetadata("Replicas").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0 || !int.TryParse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, $"Replicas '{DeliveryEnvironments.Escape(pair)}' must have the form WORKLOAD=COUNT (several separated by ',')", origin);
                }

                workloads[pair[..equals]] = new WorkloadOverride { Replicas = count };
            }

            fromItems[item.ItemSpec] = new DeliveryEnvironment
            {
                Namespace = Empty(item.GetMetadata("Namespace")),
                ImageTag = Empty(item.GetMetadata("ImageTag")),
                Workloads = workloads.Count == 0 ? null : workloads,
            };
        }

        return DeliveryEnvironments.Merge(DeliveryEnvironments.Check(fromItems, "KubeAiEnvironment items"), fromFile);
    }

    private static string? Empty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
