using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>
/// KServe <c>InferenceService</c> (<c>serving.kserve.io/v1beta1</c>): KServe owns rollout, scaling and routing of a
/// model server. Only the fields KubeAi writes; follows the CRD under src/KubeAi.Validation/Schemas/crds. Properties
/// are declared in the order they are written (alphabetical, as the untyped spec this replaced wrote them).
/// </summary>
public sealed class InferenceService() : CustomResource<InferenceServiceSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeGroup = "serving.kserve.io";
    public const string KubeApiVersion = "v1beta1";
    public const string KubeKind = "InferenceService";
}

public sealed class InferenceServiceSpec
{
    [JsonPropertyName("predictor")]
    public InferenceServicePredictor Predictor { get; set; } = new();
}

/// <summary>The predictor: either the resource's own <see cref="Containers"/> or a KServe runtime serving a <see cref="Model"/>.</summary>
public sealed class InferenceServicePredictor
{
    [JsonPropertyName("automountServiceAccountToken")]
    public bool? AutomountServiceAccountToken { get; set; }

    [JsonPropertyName("containers")]
    public IList<V1Container>? Containers { get; set; }

    [JsonPropertyName("enableServiceLinks")]
    public bool? EnableServiceLinks { get; set; }

    [JsonPropertyName("imagePullSecrets")]
    public IList<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    [JsonPropertyName("maxReplicas")]
    public int? MaxReplicas { get; set; }

    [JsonPropertyName("minReplicas")]
    public int? MinReplicas { get; set; }

    [JsonPropertyName("model")]
    public InferenceServiceModel? Model { get; set; }

    [JsonPropertyName("nodeSelector")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [JsonPropertyName("scaleMetric")]
    public string? ScaleMetric { get; set; }

    [JsonPropertyName("scaleTarget")]
    public int? ScaleTarget { get; set; }

    [JsonPropertyName("securityContext")]
    public V1PodSecurityContext? SecurityContext { get; set; }

    [JsonPropertyName("serviceAccountName")]
    public string? ServiceAccountName { get; set; }

    [JsonPropertyName("tolerations")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [JsonPropertyName("volumes")]
    public IList<V1Volume>? Volumes { get; set; }
}

/// <summary>A model a KServe serving runtime loads from <see cref="StorageUri"/>, with the container settings it accepts.</summary>
public sealed class InferenceServiceModel
{
    [JsonPropertyName("args")]
    public IList<string>? Args { get; set; }

    [JsonPropertyName("env")]
    public IList<V1EnvVar>? Env { get; set; }

    [JsonPropertyName("envFrom")]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

    [JsonPropertyName("modelFormat")]
    public InferenceServiceModelFormat ModelFormat { get; set; } = new();

    [JsonPropertyName("resources")]
    public V1ResourceRequirements? Resources { get; set; }

    [JsonPropertyName("runtimeVersion")]
    public string? RuntimeVersion { get; set; }

    [JsonPropertyName("securityContext")]
    public V1SecurityContext? SecurityContext { get; set; }

    [JsonPropertyName("storageUri")]
    public string? StorageUri { get; set; }

    [JsonPropertyName("volumeMounts")]
    public IList<V1VolumeMount>? VolumeMounts { get; set; }
}

public sealed class InferenceServiceModelFormat
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;
}
