using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>
/// <c>LeaderWorkerSet</c> (<c>leaderworkerset.x-k8s.io/v1</c>): replicas of a group of pods (one
/// leader, <c>size - 1</c> workers) that serve one model together, tensor or pipeline parallel.
/// </summary>
public sealed class LeaderWorkerSet() : CustomResource<LeaderWorkerSetSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeGroup = "leaderworkerset.x-k8s.io";
    public const string KubeApiVersion = "v1";
    public const string KubeKind = "LeaderWorkerSet";

    /// <summary>The label LWS puts on every pod of a group: which group (replica) it belongs to.</summary>
    public const string GroupIndexLabel = "leaderworkerset.sigs.k8s.io/group-index";

    /// <summary>The label LWS puts on every pod: 0 for the leader, 1.. for workers.</summary>
    public const string WorkerIndexLabel = "leaderworkerset.sigs.k8s.io/worker-index";
}

public sealed class LeaderWorkerSetSpec
{
    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    [JsonPropertyName("startupPolicy")]
    public string? StartupPolicy { get; set; }

    [JsonPropertyName("leaderWorkerTemplate")]
    public LeaderWorkerTemplate LeaderWorkerTemplate { get; set; } = new();
}

public sealed class LeaderWorkerTemplate
{
    [JsonPropertyName("size")]
    public int Size { get; set; }

    [JsonPropertyName("restartPolicy")]
    public string? RestartPolicy { get; set; }

    [JsonPropertyName("leaderTemplate")]
    public V1PodTemplateSpec? LeaderTemplate { get; set; }

    [JsonPropertyName("workerTemplate")]
    public V1PodTemplateSpec WorkerTemplate { get; set; } = new();
}
