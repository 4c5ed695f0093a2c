using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>
/// KEDA <c>ScaledObject</c> (<c>keda.sh/v1alpha1</c>): a Prometheus query (and CPU/memory, if asked) drive a
/// workload's replicas, down to zero. Only the fields KubeAi writes; follows the CRD under
/// src/KubeAi.Validation/Schemas/crds. Properties are declared in the order they are written (alphabetical, as the
/// untyped spec this replaced wrote them).
/// </summary>
public sealed class ScaledObject() : CustomResource<ScaledObjectSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeGroup = "keda.sh";
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeKind = "ScaledObject";
}

public sealed class ScaledObjectSpec
{
    [JsonPropertyName("maxReplicaCount")]
    public int? MaxReplicaCount { get; set; }

    [JsonPropertyName("minReplicaCount")]
    public int? MinReplicaCount { get; set; }

    [JsonPropertyName("scaleTargetRef")]
    public ScaledObjectTarget ScaleTargetRef { get; set; } = new();

    [JsonPropertyName("triggers")]
    public List<ScaledObjectTrigger> Triggers { get; set; } = [];
}

/// <summary>The workload KEDA scales.</summary>
public sealed class ScaledObjectTarget
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "apps/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;
}

/// <summary>One scaler: its type and its (string-valued) settings, written sorted by key.</summary>
public sealed class ScaledObjectTrigger
{
    [JsonPropertyName("metadata")]
    public SortedDictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("metricType")]
    public string? MetricType { get; set; }

    [JsonPropertyName("type")]
    public string Type { get; set; } = string.Empty;
}
