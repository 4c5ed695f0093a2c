using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

/// <summary>
/// What every custom resource KubeAi writes shares: <c>apiVersion</c> (group/version), <c>kind</c>, metadata and a
/// typed spec. Each resource is one subclass in its own file, with only the fields KubeAi writes, following its
/// CRD under src/KubeAi.Validation/Schemas/crds (the generated YAML is validated against it).
/// </summary>
public abstract class CustomResource<TSpec>(string group, string version, string kind) : IKubernetesObject<V1ObjectMeta>
    where TSpec : new()
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{group}/{version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();
}
