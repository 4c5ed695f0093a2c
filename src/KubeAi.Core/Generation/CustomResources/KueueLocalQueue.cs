using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

// A typed model of a custom resource a training job can become, with only the fields KubeAi writes. It follows
// its CRD under src/KubeAi.Validation/Schemas/crds (the generated YAML is validated against it); properties are
// declared in the order they are written.

/// <summary>Kueue <c>LocalQueue</c> (<c>kueue.x-k8s.io/v1beta2</c>): a namespace's entry to a ClusterQueue.</summary>
public sealed class KueueLocalQueue() : CustomResource<KueueLocalQueueSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeApiVersion = "v1beta2";
    public const string KubeGroup = "kueue.x-k8s.io";
    public const string KubeKind = "LocalQueue";
}

public sealed class KueueLocalQueueSpec
{
    [JsonPropertyName("clusterQueue")]
    public string? ClusterQueue { get; set; }
}
