using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Expressions;
using KubeAi.Core.Generation.BackingServices;
using KubeAi.Core.Generation.CustomResources;

namespace KubeAi.Core.Generation;

/// <summary>
/// A long-running project, container, dockerfile or executable resource → ServiceAccount,
/// ConfigMap, Deployment (StatefulSet when it has named volumes), Service, and what its
/// settings ask for: probes, HorizontalPodAutoscaler, PodDisruptionBudget, Ingress, model cache.
/// </summary>
internal static class WorkloadGenerator
{
    public static GeneratedResource Generate(AppResource resource, WorkloadContext context, out IReadOnlyCollection<ValuePart> inputsUsed)
    {
        var parts = WorkloadParts.Create(resource, context, resource.Kind.ToString().ToLowerInvariant());
        var settings = parts.Settings;
        var objects = new List<IKubernetesObject> { parts.ServiceAccount() };
        if (parts.ConfigMap() is { } configMap)
        {
            objects.Add(configMap);
        }

        if (GpuClaims.Template(parts) is { } gpuClaims)
        {
            objects.Add(gpuClaims);
        }

        Probes.Apply(parts);
        ModelImages.Apply(parts);
        var claims = Claims(parts);
        var ephemeral = BackingServicePlan.IsEphemeral(resource, context);
        if (ephemeral && claims.Count == 0)
        {
            throw new KubeAiException(
                ErrorCodes.InvalidEphemeralStorage,
                $"'{resource.Name}' has no volume and its image is not a backing service KubeAi knows, so there is no storage to make ephemeral",
                settings.EphemeralStorage ? $"{resource.Origin}.deployment.ephemeralStorage" : $"ephemeral storage option {resource.Name}");
        }

        foreach (var claim in claims)
        {
            if (ephemeral)
            {
                // The opt-out: the same mounts, in emptyDirs that live as long as the pod.
                parts.AddVolume(new V1Volume { Name = claim.Name, EmptyDir = new V1EmptyDirVolumeSource() }, claim.MountPath, claim.ReadOnly);
            }
            else
            {
                parts.Container.VolumeMounts ??= [];
                parts.Container.VolumeMounts.Add(new V1VolumeMount { Name = claim.Name, MountPath = claim.MountPath, ReadOnlyProperty = claim.ReadOnly ? true : null });
            }
        }

        if (settings.ModelCache is { } cache)
        {
            var claimName = $"{parts.Name}-model-cache";
            // Replicas on different nodes can only share the cache through ReadWriteMany.
            var shared = (settings.Replicas ?? 1) > 1 || settings.Autoscaling is not null;
            objects.Add(Claim(parts, claimName, cache.Size, cache.StorageClass, shared ? "ReadWriteMany" : "ReadWriteOnce"));
            parts.AddVolume(new V1Volume { Name = "model-cache", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claimName } }, cache.MountPath);
        }

        var groupSize = settings.Workers?.Size ?? 1;
        if (groupSize > 1 && claims.Count > 0)
        {
            throw new KubeAiException(ErrorCodes.InvalidServingWorkers, $"'{resource.Name}' has named volumes and {groupSize} pods per group; a LeaderWorkerSet cannot keep a volume per pod: use a model image or a model cache", $"{resource.Origin}.deployment.workers");
        }

        if (groupSize > 1)
        {
            LeaderWorkerSets.AddEnvironment(parts, groupSize);
        }

        if (settings.KServe is { } kserve)
        {
            objects.Add(KServeGenerator.InferenceService(parts, kserve));
            inputsUsed = parts.Env.InputsUsed;
            return new GeneratedResource(parts.Name, parts.Component, objects) { Network = parts.NetworkFacts(Exposure.Ingress) };
        }

        // With an autoscaler the replica count is its to set; a fixed one would fight it on every apply.
        int? replicas = settings.Autoscaling is null ? settings.Replicas ?? 1 : null;
        var persistent = claims.Count > 0 && !ephemeral;
        var template = parts.PodTemplate(fsGroup: persistent);
        var selector = new V1LabelSelector { MatchLabels = parts.Selector };
        var annotations = parts.WorkloadAnnotations();
        string workloadKind;
        if (groupSize > 1)
        {
            workloadKind = LeaderWorkerSet.KubeKind;
            objects.Add(LeaderWorkerSets.Create(parts, template, groupSize, replicas, annotations));
        }
        // A backing service is a StatefulSet even with ephemeral storage: one pod at a time, a stable name.
        else if (persistent || parts.Backing is not null)
        {
            workloadKind = "StatefulSet";
            objects.Add(new V1StatefulSet
            {
                ApiVersion = "apps/v1",
                Kind = workloadKind,
                Metadata = parts.Metadata(parts.Name, annotations),
                Spec = new V1StatefulSetSpec
                {
                    Replicas = replicas,
                    ServiceName = parts.Backing is null ? parts.Name : HeadlessServiceName(parts.Name),
                    Selector = selector,
                    Template = template,
                    VolumeClaimTemplates = persistent
                        ? claims.Select(c => new V1PersistentVolumeClaim
                        {
                            Metadata = new V1ObjectMeta { Name = c.Name, Labels = parts.Labels },
                            Spec = ClaimSpec(context.Options.VolumeSize ?? c.Size ?? GeneratorOptions.DefaultVolumeSize, context.Environment?.StorageClass, "ReadWriteOnce"),
                        }).ToList()
                        : null,
                },
            });
        }
        else
        {
            workloadKind = "Deployment";
            objects.Add(new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = workloadKind,
                Metadata = parts.Metadata(parts.Name, annotations),
                Spec = new V1DeploymentSpec
                {
                    Replicas = replicas,
                    Selector = selector,
                    Template = template,
                    // GPUs are scarce: a surge pod would wait for a GPU the old pod holds.
                    Strategy = settings.Gpu is null ? null : new V1DeploymentStrategy
                    {
                        Type = "RollingUpdate",
                        RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 0, MaxUnavailable = 1 },
                    },
                },
            });
        }

        // A Gateway the environment names is where new clusters take HTTP in; Ingress otherwise.
        var exposure = settings.Exposure ?? context.Environment?.Exposure ?? (context.Environment?.Gateway is null ? Exposure.Ingress : Exposure.Gateway);
        if (settings.InferencePool is not null && exposure != Exposure.Gateway)
        {
            throw new KubeAiException(ErrorCodes.InvalidInferencePool, $"'{resource.Name}' has an inference pool, which a Gateway's HTTPRoute sends to, but its exposure is '{exposure}'; name a Gateway in the environment (WithGateway)", $"{resource.Origin}.deployment.inferencePool");
        }

        var external = parts.Endpoints.Where(e => e.Binding.External).ToList();
        var externalHttp = external.Where(IsHttp).ToList();
        if (parts.Endpoints.Count > 0)
        {
            var loadBalanced = exposure == Exposure.LoadBalancer && external.Count > 0;
            var service = Service(parts, parts.Name, loadBalanced ? "LoadBalancer" : "ClusterIP", Endpoints.DistinctServicePorts(parts.Endpoints));
            if (groupSize > 1)
            {
                service.Spec.Selector = LeaderWorkerSets.LeaderSelector(parts);
            }

            objects.Add(service);

            // An ingress or HTTP route carries HTTP only: external TCP/UDP endpoints get a load balancer of their own.
            var externalOther = external.Where(e => !IsHttp(e)).ToList();
            if (exposure is Exposure.Ingress or Exposure.Gateway && externalOther.Count > 0)
            {
                objects.Add(Service(parts, $"{parts.Name}-external", "LoadBalancer", Endpoints.DistinctServicePorts(externalOther)));
            }
        }

        if (parts.Backing is not null)
        {
            objects.Add(HeadlessService(parts, HeadlessServiceName(parts.Name)));
        }
        else if (workloadKind == "StatefulSet" && parts.Endpoints.Count == 0)
        {
            // A StatefulSet needs the Service its serviceName names even when nothing listens: headless, without
            // ports, it only gives the pods their stable DNS names.
            objects.Add(HeadlessService(parts, parts.Name));
        }

        if (settings.Autoscaling is { Keda: { } keda } kedaScaling)
        {
            objects.Add(KedaScaledObject(parts, workloadKind, kedaScaling, keda));
        }
        else if (settings.Autoscaling is { } scaling)
        {
            objects.Add(Autoscaler(parts, workloadKind, scaling));
        }

        var minimumPods = settings.Autoscaling?.MinReplicas ?? settings.Replicas ?? 1;
        // LWS restarts a group as one: a budget on single pods would not describe its disruptions.
        if (minimumPods > 1 && groupSize == 1)
        {
            objects.Add(new V1PodDisruptionBudget
            {
                ApiVersion = "policy/v1",
                Kind = "PodDisruptionBudget",
                Metadata = parts.Metadata(parts.Name),
                Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new V1LabelSelector { MatchLabels = parts.Selector } },
            });
        }

        if (exposure == Exposure.Gateway)
        {
            objects.AddRange(GatewayRoutes.Create(parts));
        }
        else if (settings.Ingress is { } ingress)
        {
            objects.Add(Ingress(parts, ingress));
        }
        else if (exposure == Exposure.Ingress && externalHttp.Count > 0)
        {
            // An external endpoint is reachable from outside by default; a host comes from WithIngress.
            objects.Add(Ingress(parts, new IngressSettings(null, "/", null, null, externalHttp[0].Binding.Name)));
        }

        var reachedFrom = objects.Any(o => o is CustomResources.HttpRoute or CustomResources.GrpcRoute) ? Exposure.Gateway
            : objects.Any(o => o is V1Ingress) ? Exposure.Ingress
            : objects.OfType<V1Service>().Any(s => s.Spec.Type == "LoadBalancer") ? Exposure.LoadBalancer
            : null;
        inputsUsed = parts.Env.InputsUsed;
        return new GeneratedResource(parts.Name, parts.Component, objects) { Network = parts.NetworkFacts(reachedFrom, peerTraffic: groupSize > 1) };
    }

    private static bool IsHttp(Endpoint endpoint) => endpoint.Binding.Scheme is "http" or "https";

    /// <summary>A volume the workload mounts: the app model's named volumes, plus a backing service's data volume.</summary>
    private sealed record MountedVolume(string Name, string MountPath, bool ReadOnly, string? Size);

    private static List<MountedVolume> Claims(WorkloadParts parts)
    {
        var resource = parts.Resource;
        var backing = parts.Backing;
        var claims = resource.Volumes.Select((v, i) =>
        {
            var isData = backing?.DataVolume is { } data && ReferenceEquals(data, v);
            return new MountedVolume(ClaimName(v.Source, i), isData ? backing!.DataMountPath : v.Target, v.ReadOnly, isData ? backing!.Service.VolumeSize : null);
        }).ToList();

        if (backing is { DataVolume: null } plan)
        {
            var name = claims.Any(c => c.Name == BackingDataClaim) ? $"kubeai-{BackingDataClaim}" : BackingDataClaim;
            claims.Add(new MountedVolume(name, plan.DataMountPath, false, plan.Service.VolumeSize));
            if (!plan.Ephemeral)
            {
                var size = parts.Context.Options.VolumeSize ?? plan.Service.VolumeSize;
                parts.Context.Warnings.Add(new KubeAiWarning(
                    ErrorCodes.BackingServiceWithoutDataVolume,
                    $"'{resource.Name}' runs {plan.Service.Name}, which keeps its data in {plan.DataMountPath}, but the app model gives it no volume there; " +
                    $"KubeAi adds the volume claim '{name}' ({size}) so the data survives restarts. Name it with WithDataVolume() in the app host, " +
                    $"or keep the data in an emptyDir that is lost with the pod: --ephemeral {resource.Name}, <KubeAiEphemeralStorage Include=\"{resource.Name}\" />, or WithEphemeralStorage()"));
            }
        }

        if (claims.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new KubeAiException(ErrorCodes.ResourceNameCollision, $"volumes of '{resource.Name}' map to the same claim name '{clash.Key}': {string.Join(", ", resource.Volumes.Select(v => v.Source))}", $"{resource.Origin}.volumes");
        }

        return claims;
    }

    /// <summary>The claim KubeAi makes for a backing service whose app model has no data volume.</summary>
    private const string BackingDataClaim = "data";

    /// <summary>
    /// The StatefulSet's governing Service. Clients keep using the Service named after the resource
    /// (what the app model's expressions resolve to); this one only gives each pod a stable DNS name.
    /// </summary>
    private static string HeadlessServiceName(string name)
    {
        const string suffix = "-headless";
        if (name.Length + suffix.Length <= 63)
        {
            return name + suffix;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(63 - suffix.Length - hash.Length - 1)].TrimEnd('-') + "-" + hash + suffix;
    }

    private static V1Service HeadlessService(WorkloadParts parts, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = parts.Metadata(name),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            Selector = parts.Selector,
            Ports = parts.Endpoints.Count == 0 ? null : Endpoints.DistinctServicePorts(parts.Endpoints).Select(e => new V1ServicePort
            {
                Name = e.PortName,
                Port = e.ServicePort,
                TargetPort = e.TargetPort,
                Protocol = WorkloadParts.Protocol(e.Binding),
            }).ToList(),
        },
    };

    private static V1Service Service(WorkloadParts parts, string name, string type, IEnumerable<Endpoint> endpoints) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = parts.Metadata(name),
        Spec = new V1ServiceSpec
        {
            Type = type,
            Selector = parts.Selector,
            Ports = endpoints.Select(e => new V1ServicePort
            {
                Name = e.PortName,
                Port = e.ServicePort,
                TargetPort = e.TargetPort,
                Protocol = WorkloadParts.Protocol(e.Binding),
            }).ToList(),
        },
    };

    /// <summary>KEDA's ScaledObject: a Prometheus query (and CPU/memory, if asked) drive replicas, down to zero.</summary>
    private static ScaledObject KedaScaledObject(WorkloadParts parts, string workloadKind, AutoscalingSettings scaling, KedaSettings keda)
    {
        var prometheus = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["serverAddress"] = keda.ServerAddress,
            ["query"] = keda.Query,
            ["threshold"] = keda.Threshold,
        };
        if (keda.ActivationThreshold is { } activation)
        {
            prometheus["activationThreshold"] = activation;
        }

        var triggers = new List<ScaledObjectTrigger> { new() { Type = "prometheus", Metadata = prometheus } };
        foreach (var (type, utilization) in new[] { ("cpu", scaling.CpuUtilization), ("memory", scaling.MemoryUtilization) })
        {
            if (utilization is { } value)
            {
                triggers.Add(new ScaledObjectTrigger
                {
                    Type = type,
                    MetricType = "Utilization",
                    Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                });
            }
        }

        return new ScaledObject
        {
            Metadata = parts.Metadata(parts.Name),
            Spec = new ScaledObjectSpec
            {
                ScaleTargetRef = new ScaledObjectTarget { ApiVersion = "apps/v1", Kind = workloadKind, Name = parts.Name },
                MinReplicaCount = scaling.MinReplicas,
                MaxReplicaCount = scaling.MaxReplicas,
                Triggers = triggers,
            },
        };
    }

    private static V2HorizontalPodAutoscaler Autoscaler(WorkloadParts parts, string workloadKind, AutoscalingSettings scaling)
    {
        var metrics = new List<V2MetricSpec>();
        if (scaling.CpuUtilization is { } cpu)
        {
            metrics.Add(ResourceMetric("cpu", cpu));
        }

        if (scaling.MemoryUtilization is { } memory)
        {
            metrics.Add(ResourceMetric("memory", memory));
        }

        metrics.AddRange(scaling.Metrics.Select(m => new V2MetricSpec
        {
            Type = "Pods",
            Pods = new V2PodsMetricSource
            {
                Metric = new V2MetricIdentifier { Name = m.Name },
                Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity(m.AverageValue) },
            },
        }));

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = parts.Metadata(parts.Name),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = workloadKind, Name = parts.Name },
                MinReplicas = scaling.MinReplicas,
                MaxReplicas = scaling.MaxReplicas,
                Metrics = metrics,
            },
        };
    }

    private static V2MetricSpec ResourceMetric(string name, int utilization) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource { Name = name, Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = utilization } },
    };

    private static V1Ingress Ingress(WorkloadParts parts, IngressSettings ingress)
    {
        var endpoint = ingress.Endpoint is { } named
            ? parts.Endpoints.FirstOrDefault(e => e.Binding.Name == named)
                ?? throw new KubeAiException(ErrorCodes.EndpointNotFound, $"ingress endpoint '{named}' is not a binding of '{parts.Resource.Name}' (it has {string.Join(", ", parts.Endpoints.Select(e => e.Binding.Name))})", $"{parts.Origin}.deployment.ingress.endpoint")
            : parts.Endpoints.FirstOrDefault(e => e.Binding.External && e.Binding.Scheme is "http" or "https")
                ?? parts.Endpoints.FirstOrDefault(e => e.Binding.Scheme is "http" or "https")
                ?? throw new KubeAiException(ErrorCodes.EndpointNotFound, $"'{parts.Resource.Name}' has no http endpoint an ingress could route to", $"{parts.Origin}.deployment.ingress");

        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = parts.Metadata(parts.Name),
            Spec = new V1IngressSpec
            {
                IngressClassName = ingress.ClassName ?? parts.Context.Environment?.IngressClass,
                Tls = ingress.TlsSecret is null ? null : [new V1IngressTLS { Hosts = ingress.Host is null ? null : [ingress.Host], SecretName = ingress.TlsSecret }],
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = ingress.Host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = ingress.Path,
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend { Name = parts.Name, Port = new V1ServiceBackendPort { Name = endpoint.PortName } },
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        };
    }

    /// <summary>A standalone PersistentVolumeClaim owned by a workload.</summary>
    public static V1PersistentVolumeClaim Claim(WorkloadParts parts, string name, string size, string? storageClass, string accessMode) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = parts.Metadata(name),
        Spec = ClaimSpec(size, storageClass ?? parts.Context.Environment?.StorageClass, accessMode),
    };

    private static V1PersistentVolumeClaimSpec ClaimSpec(string size, string? storageClass, string accessMode) => new()
    {
        AccessModes = [accessMode],
        StorageClassName = storageClass,
        Resources = new V1VolumeResourceRequirements
        {
            Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new(size) },
        },
    };

    private static string ClaimName(string volume, int index)
    {
        var cleaned = KubernetesNames.Slug(volume);

        if (cleaned.Length == 0 || !char.IsAsciiLetter(cleaned[0]))
        {
            cleaned = $"data-{index}" + (cleaned.Length > 0 ? "-" + cleaned : string.Empty);
        }

        // StatefulSets name each claim <claim>-<pod>, within 63 characters: keep claims short,
        // and keep two long names that share a prefix apart with a hash of the full name.
        if (cleaned.Length <= 40)
        {
            return cleaned;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(volume)))[..8];
        return cleaned[..31].TrimEnd('-') + "-" + hash;
    }
}
