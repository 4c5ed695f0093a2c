using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

// A typed model of a custom resource a training job can become, with only the fields KubeAi writes. It follows
// its CRD under src/KubeAi.Validation/Schemas/crds (the generated YAML is validated against it); properties are
// declared in the order they are written.

/// <summary>Kubeflow Trainer v2 <c>TrainJob</c> (<c>trainer.kubeflow.org/v1alpha1</c>), run by a training runtime.</summary>
public sealed class TrainJob() : CustomResource<TrainJobSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeGroup = "trainer.kubeflow.org";
    public const string KubeKind = "TrainJob";
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
