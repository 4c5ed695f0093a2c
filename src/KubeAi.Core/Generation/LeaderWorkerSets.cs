using System.Globalization;
using k8s;
using k8s.Models;
using KubeAi.Core.Generation.CustomResources;

namespace KubeAi.Core.Generation;

/// <summary>
/// A model server that spans several pods (tensor or pipeline parallel) as a LeaderWorkerSet:
/// each replica is a group of one leader and <c>size - 1</c> workers, all with the same GPUs,
/// restarted together. The Service selects only leaders (they serve); the group finds its leader
/// through LWS's headless Service, named like the LeaderWorkerSet.
/// </summary>
internal static class LeaderWorkerSets
{
    /// <summary>The address of the group's leader, for the app to join (also set by LWS as <c>LWS_LEADER_ADDRESS</c>).</summary>
    public const string LeaderAddressVariable = "KUBEAI_LEADER_ADDRESS";

    /// <summary>Pods in the group, leader included (also set by LWS as <c>LWS_GROUP_SIZE</c>).</summary>
    public const string GroupSizeVariable = "KUBEAI_GROUP_SIZE";

    /// <summary>The group (replica) this pod belongs to.</summary>
    public const string GroupIndexVariable = "KUBEAI_GROUP_INDEX";

    /// <summary>
    /// The LeaderWorkerSet's name: not the workload's, because LWS names its headless Service
    /// after the set and the workload's own Service (what callers resolve) has the workload's name.
    /// </summary>
    public static string SetName(WorkloadParts parts) => $"{parts.Name}-group";

    /// <summary>The selector of the pods that serve: the leaders.</summary>
    public static SortedDictionary<string, string> LeaderSelector(WorkloadParts parts) =>
        new(parts.Selector, StringComparer.Ordinal) { [LeaderWorkerSet.WorkerIndexLabel] = "0" };

    /// <summary>Adds the group's environment to the container (before the pod template is made).</summary>
    public static void AddEnvironment(WorkloadParts parts, int size)
    {
        var set = SetName(parts);
        parts.Container.Env ??= [];
        parts.Container.Env.Add(new V1EnvVar
        {
            Name = GroupIndexVariable,
            ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.labels['{LeaderWorkerSet.GroupIndexLabel}']" } },
        });
        parts.Container.Env.Add(new V1EnvVar { Name = GroupSizeVariable, Value = size.ToString(CultureInfo.InvariantCulture) });
        // The leader is pod <set>-<group> behind the headless Service <set>; $(...) expands the group index above.
        parts.Container.Env.Add(new V1EnvVar { Name = LeaderAddressVariable, Value = $"{set}-$({GroupIndexVariable}).{set}" });
    }

    public static LeaderWorkerSet Create(WorkloadParts parts, V1PodTemplateSpec leader, int size, int? replicas, IDictionary<string, string>? annotations)
    {
        // Workers run the same container but do not serve: no probes on the app's endpoints.
        var worker = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(leader));
        foreach (var container in worker.Spec.Containers)
        {
            container.ReadinessProbe = null;
            container.LivenessProbe = null;
            container.StartupProbe = null;
        }

        return new LeaderWorkerSet
        {
            Metadata = parts.Metadata(SetName(parts), annotations),
            Spec = new LeaderWorkerSetSpec
            {
                Replicas = replicas,
                LeaderWorkerTemplate = new LeaderWorkerTemplate
                {
                    Size = size,
                    // One pod lost breaks the model's shards: restart the group as one.
                    RestartPolicy = "RecreateGroupOnPodRestart",
                    LeaderTemplate = leader,
                    WorkerTemplate = worker,
                },
            },
        };
    }
}
