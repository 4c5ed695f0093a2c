using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeAi.Core.Generation.CustomResources;

// A typed model of a custom resource a training job can become, with only the fields KubeAi writes. It follows
// its CRD under src/KubeAi.Validation/Schemas/crds (the generated YAML is validated against it); properties are
// declared in the order they are written.

/// <summary>JobSet (<c>jobset.x-k8s.io/v1alpha2</c>): a group of Jobs with shared networking and restarts.</summary>
public sealed class JobSet() : CustomResource<JobSetSpec>(KubeGroup, KubeApiVersion, KubeKind)
{
    public const string KubeApiVersion = "v1alpha2";
    public const string KubeGroup = "jobset.x-k8s.io";
    public const string KubeKind = "JobSet";
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
