using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.TrainingJobs;

// Typed models of the custom resources a training job can become, with only the fields KubeAi
// writes. Each follows its CRD under src/KubeAi.Validation/Schemas/crds (the generated
// YAML is validated against it); properties are declared in the order they are written.

/// <summary>Kueue <c>LocalQueue</c> (<c>kueue.x-k8s.io/v1beta2</c>): a namespace's entry to a ClusterQueue.</summary>
public sealed class KueueLocalQueue : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "v1beta2";
    public const string KubeGroup = "kueue.x-k8s.io";
    public const string KubeKind = "LocalQueue";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{KubeGroup}/{KubeApiVersion}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public KueueLocalQueueSpec Spec { get; set; } = new();
}

public sealed class KueueLocalQueueSpec
{
    [JsonPropertyName("clusterQueue")]
    public string? ClusterQueue { get; set; }
}

/// <summary>JobSet (<c>jobset.x-k8s.io/v1alpha2</c>): a group of Jobs with shared networking and restarts.</summary>
public sealed class JobSet : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "v1alpha2";
    public const string KubeGroup = "jobset.x-k8s.io";
    public const string KubeKind = "JobSet";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{KubeGroup}/{KubeApiVersion}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public JobSetSpec Spec { get; set; } = new();
}

public sealed class JobSetSpec
{
    [JsonPropertyName("suspend")]
    public bool? Suspend { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    public int? TtlSecondsAfterFinished { get; set; }

    [JsonPropertyName("network")]
    public JobSetNetwork? Network { get; set; }

    [JsonPropertyName("successPolicy")]
    public JobSetSuccessPolicy? SuccessPolicy { get; set; }

    [JsonPropertyName("failurePolicy")]
    public JobSetFailurePolicy? FailurePolicy { get; set; }

    [JsonPropertyName("replicatedJobs")]
    public List<ReplicatedJob> ReplicatedJobs { get; set; } = [];
}

public sealed class JobSetNetwork
{
    [JsonPropertyName("enableDNSHostnames")]
    public bool? EnableDNSHostnames { get; set; }

    [JsonPropertyName("publishNotReadyAddresses")]
    public bool? PublishNotReadyAddresses { get; set; }

    [JsonPropertyName("subdomain")]
    public string? Subdomain { get; set; }
}

public sealed class JobSetSuccessPolicy
{
    [JsonPropertyName("operator")]
    public string Operator { get; set; } = "All";

    [JsonPropertyName("targetReplicatedJobs")]
    public List<string>? TargetReplicatedJobs { get; set; }
}

public sealed class JobSetFailurePolicy
{
    [JsonPropertyName("maxRestarts")]
    public int? MaxRestarts { get; set; }

    [JsonPropertyName("rules")]
    public List<JobSetFailurePolicyRule>? Rules { get; set; }
}

public sealed class JobSetFailurePolicyRule
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("action")]
    public string Action { get; set; } = string.Empty;

    [JsonPropertyName("onJobFailureReasons")]
    public List<string>? OnJobFailureReasons { get; set; }
}

public sealed class ReplicatedJob
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    [JsonPropertyName("template")]
    public V1JobTemplateSpec Template { get; set; } = new();
}

/// <summary>Kubeflow Trainer v2 <c>TrainJob</c> (<c>trainer.kubeflow.org/v1alpha1</c>), run by a training runtime.</summary>
public sealed class TrainJob : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeGroup = "trainer.kubeflow.org";
    public const string KubeKind = "TrainJob";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{KubeGroup}/{KubeApiVersion}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TrainJobSpec Spec { get; set; } = new();
}

public sealed class TrainJobSpec
{
    [JsonPropertyName("suspend")]
    public bool? Suspend { get; set; }

    [JsonPropertyName("activeDeadlineSeconds")]
    public long? ActiveDeadlineSeconds { get; set; }

    [JsonPropertyName("runtimeRef")]
    public TrainJobRuntimeRef RuntimeRef { get; set; } = new();

    [JsonPropertyName("trainer")]
    public TrainJobTrainer? Trainer { get; set; }

    [JsonPropertyName("runtimePatches")]
    public List<TrainJobRuntimePatch>? RuntimePatches { get; set; }
}

public sealed class TrainJobRuntimeRef
{
    [JsonPropertyName("apiGroup")]
    public string? ApiGroup { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;
}

public sealed class TrainJobTrainer
{
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("command")]
    public IList<string>? Command { get; set; }

    [JsonPropertyName("args")]
    public IList<string>? Args { get; set; }

    [JsonPropertyName("env")]
    public IList<V1EnvVar>? Env { get; set; }

    [JsonPropertyName("numNodes")]
    public int? NumNodes { get; set; }

    [JsonPropertyName("numProcPerNode")]
    public int? NumProcPerNode { get; set; }

    [JsonPropertyName("resourcesPerNode")]
    public V1ResourceRequirements? ResourcesPerNode { get; set; }
}

/// <summary>A patch of the referenced runtime, owned by <see cref="Manager"/>.</summary>
public sealed class TrainJobRuntimePatch
{
    [JsonPropertyName("manager")]
    public string Manager { get; set; } = string.Empty;

    [JsonPropertyName("trainingRuntimeSpec")]
    public TrainJobRuntimeSpecPatch? TrainingRuntimeSpec { get; set; }
}

public sealed class TrainJobRuntimeSpecPatch
{
    [JsonPropertyName("template")]
    public TrainJobJobSetTemplatePatch Template { get; set; } = new();
}

public sealed class TrainJobJobSetTemplatePatch
{
    [JsonPropertyName("spec")]
    public TrainJobJobSetSpecPatch Spec { get; set; } = new();
}

public sealed class TrainJobJobSetSpecPatch
{
    [JsonPropertyName("replicatedJobs")]
    public List<ReplicatedJobPatch> ReplicatedJobs { get; set; } = [];
}

/// <summary>Patches one replicated job of the runtime's JobSet by name (only a subset of pod fields is patchable).</summary>
public sealed class ReplicatedJobPatch
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("template")]
    public V1JobTemplateSpec Template { get; set; } = new();
}

/// <summary>Kubeflow Training Operator v1 <c>PyTorchJob</c> (<c>kubeflow.org/v1</c>; deprecated upstream in favour of TrainJob).</summary>
public sealed class PyTorchJob : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "v1";
    public const string KubeGroup = "kubeflow.org";
    public const string KubeKind = "PyTorchJob";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{KubeGroup}/{KubeApiVersion}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PyTorchJobSpec Spec { get; set; } = new();
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
