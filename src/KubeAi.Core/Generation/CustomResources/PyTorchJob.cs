using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

// A typed model of a custom resource a training job can become, with only the fields KubeAi writes. It follows
// its CRD under src/KubeAi.Validation/Schemas/crds (the generated YAML is validated against it); properties are
// declared in the order they are written.

/// <summary>Kubeflow Training Operator v1 <c>PyTorchJob</c> (<c>kubeflow.org/v1</c>; deprecated upstream in favour of TrainJob).</summary>
public sealed class PyTorchJob() : CustomResource<PyTorchJobSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeApiVersion = "v1";
    public const string KubeGroup = "kubeflow.org";
    public const string KubeKind = "PyTorchJob";
}

public sealed class PyTorchJobSpec
{
    [JsonPropertyName("nprocPerNode")]
    public string? NprocPerNode { get; set; }

    [JsonPropertyName("runPolicy")]
    public PyTorchRunPolicy? RunPolicy { get; set; }

    /// <summary>Replica type (<c>Master</c>, <c>Worker</c>) → its replicas and pod template.</summary>
    [JsonPropertyName("pytorchReplicaSpecs")]
    public SortedDictionary<string, PyTorchReplicaSpec> PytorchReplicaSpecs { get; set; } = new(StringComparer.Ordinal);
}

public sealed class PyTorchRunPolicy
{
    [JsonPropertyName("suspend")]
    public bool? Suspend { get; set; }

    [JsonPropertyName("backoffLimit")]
    public int? BackoffLimit { get; set; }

    [JsonPropertyName("activeDeadlineSeconds")]
    public long? ActiveDeadlineSeconds { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    public int? TtlSecondsAfterFinished { get; set; }
}

public sealed class PyTorchReplicaSpec
{
    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    [JsonPropertyName("restartPolicy")]
    public string? RestartPolicy { get; set; }

    [JsonPropertyName("template")]
    public V1PodTemplateSpec Template { get; set; } = new();
}
