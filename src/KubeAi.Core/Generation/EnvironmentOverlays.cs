using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>An image an overlay re-tags: every reference named <see cref="Name"/> becomes <c>Name:NewTag</c>.</summary>
/// <param name="Resource">The workload whose image this is.</param>
/// <param name="Name">The image reference without tag and digest (what kustomize's <c>images</c> matches).</param>
/// <param name="NewTag">The environment's tag.</param>
public sealed record OverlayImage(string Resource, string Name, string NewTag);

/// <summary>One JSON-patch operation (<c>add</c>, which also replaces) on one object.</summary>
public sealed record OverlayOperation(string Path, string Value);

/// <summary>The JSON patch of one object of the base.</summary>
public sealed record OverlayPatch(string Group, string Version, string Kind, string Name, IReadOnlyList<OverlayOperation> Operations);

/// <summary>What one environment's overlay changes against the base, ready to lay out.</summary>
public sealed record EnvironmentOverlay(
    string Name,
    string? Namespace,
    IReadOnlyList<OverlayImage> Images,
    IReadOnlyDictionary<string, int> Replicas,
    IReadOnlyList<OverlayPatch> Patches);

/// <summary>
/// Turns the declared environments (app model, <c>kubeai.environments.json</c>, CLI, MSBuild) into
/// overlays of the generated base. Every change is checked against the objects it changes: a
/// workload that does not exist, replicas of an autoscaled or run-to-completion workload, or resources
/// of a kind an overlay cannot patch are KUBEAI3051; an unknown selected environment is KUBEAI3052.
/// </summary>
internal static class EnvironmentOverlays
{
    public static IReadOnlyList<EnvironmentOverlay> Plan(AppManifest manifest, GeneratorOptions options, IReadOnlyList<GeneratedResource> resources, IReadOnlyDictionary<string, string> images)
    {
        var environments = DeliveryEnvironments.Merge(
            options.Environments is null ? null : DeliveryEnvironments.Check(options.Environments, "environments option"),
            manifest.Environment?.Environments);
        if (options.Environment is { } selected)
        {
            if (!environments.TryGetValue(selected, out var chosen))
            {
                var known = environments.Count == 0 ? "none is declared" : $"declared: {string.Join(", ", environments.Keys)}";
                throw new KubeAiException(ErrorCodes.UnknownEnvironment, $"environment '{DeliveryEnvironments.Escape(selected)}' is not declared ({known})", "environment option");
            }

            environments = new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal) { [selected] = chosen };
        }

        var byName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var projects = manifest.Resources.Where(r => r.Kind == ResourceKind.Project).Select(r => KubernetesNames.ForResource(r.Name, r.Origin)).ToHashSet(StringComparer.Ordinal);
        return environments.Select(pair => PlanOne(pair.Key, pair.Value, byName, projects, images)).ToList();
    }

    private static EnvironmentOverlay PlanOne(string name, DeliveryEnvironment environment, IReadOnlyDictionary<string, GeneratedResource> resources, IReadOnlySet<string> projects, IReadOnlyDictionary<string, string> images)
    {
        var origin = $"environments.{name}";
        var workloads = new SortedDictionary<string, WorkloadOverride>(StringComparer.Ordinal);
        foreach (var (workload, change) in environment.Workloads ?? [])
        {
            var kubernetesName = KubernetesNames.ForResource(workload, $"{origin}.workloads.{workload}");
            if (!resources.ContainsKey(kubernetesName))
            {
                throw new KubeAiException(ErrorCodes.OverlayNotApplicable, $"environment '{name}' changes workload '{DeliveryEnvironments.Escape(workload)}', which the app does not deploy (workloads: {string.Join(", ", resources.Keys)})", $"{origin}.workloads.{workload}");
            }

            workloads[kubernetesName] = change;
        }

        // Tags: the environment's for every image KubeAi builds, a workload's own for its image.
        var tags = new SortedDictionary<string, OverlayImage>(StringComparer.Ordinal);
        foreach (var (resource, image) in images.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var tag = (workloads.TryGetValue(resource, out var change) ? change.ImageTag : null) ?? (projects.Contains(resource) ? environment.ImageTag : null);
            if (tag is null)
            {
                continue;
            }

            var imageName = ImageName(image);
            if (tags.TryGetValue(imageName, out var other) && other.NewTag != tag)
            {
                throw new KubeAiException(ErrorCodes.OverlayNotApplicable, $"workloads '{other.Resource}' and '{resource}' share the image '{imageName}' but environment '{name}' gives them different tags ({other.NewTag}, {tag})", origin);
            }

            tags[imageName] = new OverlayImage(resource, imageName, tag);
        }

        var replicas = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var patches = new List<OverlayPatch>();
        foreach (var (workload, change) in workloads)
        {
            var at = $"{origin}.workloads.{workload}";
            var main = MainObject(resources[workload]);
            if (change.Replicas is { } count)
            {
                var scalable = main switch
                {
                    V1Deployment d => d.Spec?.Replicas is not null,
                    V1StatefulSet s => s.Spec?.Replicas is not null,
                    _ => false,
                };
                if (!scalable)
                {
                    var why = main is V1Deployment or V1StatefulSet ? "it is autoscaled (its autoscaler owns the replica count)" : $"it is a {main?.Kind ?? "workload without pods"}, which has no replica count";
                    throw new KubeAiException(ErrorCodes.OverlayNotApplicable, $"environment '{name}' sets replicas of '{workload}', but {why}", $"{at}.replicas");
                }

                replicas[workload] = count;
            }

            if (change.Resources is { } wanted)
            {
                patches.Add(ResourcePatch(name, workload, main, wanted, $"{at}.resources"));
            }
        }

        return new EnvironmentOverlay(name, environment.Namespace, tags.Values.ToList(), replicas, patches);
    }

    private static OverlayPatch ResourcePatch(string environment, string workload, IKubernetesObject? main, ResourceOverride wanted, string origin)
    {
        var (prefix, containers) = main switch
        {
            V1Deployment d => ("/spec/template/spec/containers", d.Spec.Template.Spec.Containers),
            V1StatefulSet s => ("/spec/template/spec/containers", s.Spec.Template.Spec.Containers),
            V1Job j => ("/spec/template/spec/containers", j.Spec.Template.Spec.Containers),
            V1CronJob c => ("/spec/jobTemplate/spec/template/spec/containers", c.Spec.JobTemplate.Spec.Template.Spec.Containers),
            _ => (null, null),
        };
        if (prefix is null || containers is null || containers.Count == 0)
        {
            throw new KubeAiException(ErrorCodes.OverlayNotApplicable, $"environment '{environment}' sets resources of '{workload}', whose {main?.Kind ?? "objects"} an overlay cannot patch (only Deployments, StatefulSets, Jobs and CronJobs); use PublishAsKubernetes or an overlay of your own", origin);
        }

        var index = Math.Max(0, containers.ToList().FindIndex(c => c.Name == workload));
        var operations = new List<OverlayOperation>();
        foreach (var (side, pair) in new[] { ("requests", wanted.Requests), ("limits", wanted.Limits) })
        {
            if (pair?.Cpu is { } cpu)
            {
                operations.Add(new OverlayOperation($"{prefix}/{index}/resources/{side}/cpu", cpu));
            }

            if (pair?.Memory is { } memory)
            {
                operations.Add(new OverlayOperation($"{prefix}/{index}/resources/{side}/memory", memory));
            }
        }

        // What the container ends with in this environment: the base's requests and limits with the overlay's on top.
        var container = containers[index];
        var requests = (container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>()).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var limits = (container.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>()).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        foreach (var (side, pair) in new[] { (requests, wanted.Requests), (limits, wanted.Limits) })
        {
            if (pair?.Cpu is { } cpu)
            {
                side["cpu"] = cpu;
            }

            if (pair?.Memory is { } memory)
            {
                side["memory"] = memory;
            }
        }

        OutputRules.CheckRequestsWithinLimits(requests, limits, $"environment '{DeliveryEnvironments.Escape(environment)}', container '{workload}'", origin);
        var apiVersion = main!.ApiVersion;
        var slash = apiVersion.IndexOf('/');
        return new OverlayPatch(slash < 0 ? string.Empty : apiVersion[..slash], slash < 0 ? apiVersion : apiVersion[(slash + 1)..], main.Kind, workload, operations);
    }

    // The object that runs the workload's pods: its Deployment, StatefulSet, Job or CronJob, else its KServe InferenceService.
    internal static IKubernetesObject? MainObject(GeneratedResource resource) =>
        resource.Objects.FirstOrDefault(o => o is V1Deployment or V1StatefulSet or V1Job or V1CronJob)
        ?? resource.Objects.FirstOrDefault(o => o is CustomResources.InferenceService);

    /// <summary>The reference without digest and tag: <c>host:5000/team/api:1.0@sha256:…</c> → <c>host:5000/team/api</c>.</summary>
    public static string ImageName(string image)
    {
        var at = image.IndexOf('@');
        var withoutDigest = at < 0 ? image : image[..at];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[..colon] : withoutDigest;
    }
}
