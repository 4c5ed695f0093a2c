using System.Text.Json;
using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>
/// What the generated objects need of the cluster's Kubernetes version. Each feature is listed with
/// the first version that has it <em>on by default</em> (a beta behind a feature gate a user must
/// turn on does not count): a target that lacks one is KUBEAI3021 naming the feature, the
/// resource and the version it needs, instead of an object the API server rejects or silently
/// strips. See docs/kubernetes-2026.md for the table and why each version.
/// </summary>
internal static class KubernetesFeatures
{
    /// <summary>A feature, the first version where it works without turning on a feature gate, and what that means.</summary>
    public sealed record Feature(string Name, KubernetesVersion Needs, string Note);

    public static readonly Feature Dra = new("GPUs through Dynamic Resource Allocation (resource.k8s.io/v1)", new(1, 34), "resource.k8s.io/v1 is GA in 1.34");
    public static readonly Feature ImageVolumes = new("model images as image volumes (volumes[].image)", new(1, 35), "beta and on by default in 1.35, GA in 1.36");
    public static readonly Feature JobBackoffPerIndex = new("Job backoffLimitPerIndex/maxFailedIndexes", new(1, 29), "beta and on by default in 1.29, GA in 1.33");
    public static readonly Feature JobPodReplacementPolicy = new("Job podReplacementPolicy", new(1, 29), "beta and on by default in 1.29, GA in 1.34");
    public static readonly Feature JobSuccessPolicy = new("Job successPolicy", new(1, 31), "beta and on by default in 1.31, GA in 1.33");

    /// <summary>The target: the option, else the environment's, else the default.</summary>
    public static KubernetesVersion Target(GeneratorOptions options, EnvironmentSettings? environment) =>
        options.KubernetesVersion is { } option ? KubernetesVersion.Require(option, "kubernetes version option")
        : environment?.KubernetesVersion is { } fromEnvironment ? KubernetesVersion.Require(fromEnvironment, "environment kubernetesVersion")
        : KubernetesVersion.Default;

    /// <summary>KUBEAI3021 for the first object that needs more than <paramref name="target"/>.</summary>
    public static void Check(IEnumerable<GeneratedResource> resources, KubernetesVersion target, AppManifest manifest)
    {
        foreach (var resource in resources)
        {
            foreach (var obj in resource.Objects)
            {
                foreach (var feature in Used(obj))
                {
                    if (feature.Needs > target)
                    {
                        // Found only on failure: looking it up for every resource made 1,000 workloads quadratic.
                        var origin = manifest.Resources.FirstOrDefault(r => r.IsWorkload && KubernetesNames.ForResource(r.Name, r.Origin) == resource.Name)?.Origin is { } at
                            ? $"{at}.deployment"
                            : resource.Name;
                        throw new KubeAiException(
                            ErrorCodes.FeatureNeedsNewerKubernetes,
                            $"'{resource.Name}' uses {feature.Name}, which needs Kubernetes {feature.Needs} ({feature.Note}); the target is {target}: raise the target (--kubernetes-version, KubeAiKubernetesVersion, WithKubernetesVersion) or drop the feature",
                            $"{origin} ({obj.Kind})");
                    }
                }
            }
        }
    }

    /// <summary>The features one object uses, found in its serialised form so custom resources' pod templates count too.</summary>
    public static IEnumerable<Feature> Used(IKubernetesObject obj)
    {
        var found = new HashSet<Feature>();
        if (obj.ApiVersion?.StartsWith("resource.k8s.io/", StringComparison.Ordinal) == true)
        {
            found.Add(Dra);
        }

        using (var document = JsonDocument.Parse(KubernetesJson.Serialize(obj)))
        {
            Walk(document.RootElement, found);
        }

        var job = obj switch
        {
            V1Job j => j.Spec,
            V1CronJob c => c.Spec.JobTemplate.Spec,
            _ => null,
        };
        if (job is not null)
        {
            if (job.BackoffLimitPerIndex is not null || job.MaxFailedIndexes is not null)
            {
                found.Add(JobBackoffPerIndex);
            }

            if (job.PodReplacementPolicy is not null)
            {
                found.Add(JobPodReplacementPolicy);
            }

            if (job.SuccessPolicy is not null)
            {
                found.Add(JobSuccessPolicy);
            }
        }

        return found.OrderByDescending(f => f.Needs);
    }

    private static void Walk(JsonElement element, HashSet<Feature> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "resourceClaims" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        found.Add(Dra);
                    }

                    if (property.Name == "volumes" && property.Value.ValueKind == JsonValueKind.Array
                        && property.Value.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.Object))
                    {
                        found.Add(ImageVolumes);
                    }

                    Walk(property.Value, found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, found);
                }

                break;
        }
    }
}
