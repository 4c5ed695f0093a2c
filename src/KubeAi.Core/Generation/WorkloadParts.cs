using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Expressions;
using KubeAi.Core.Generation.BackingServices;

namespace KubeAi.Core.Generation;

/// <summary>
/// What every workload is made of, services and training jobs alike: names and labels, the
/// ServiceAccount, the ConfigMap of plain settings, and one container with its env, ports,
/// requests/limits, GPUs and restricted security context inside a pod template.
/// </summary>
internal sealed class WorkloadParts
{
    /// <summary>The annotation that changes when a workload's ConfigMap changes, so pods roll.</summary>
    public const string ConfigHashAnnotation = "kubeai.io/config-hash";

    /// <summary>What every hash KubeAi writes as a value starts with: never a number, whatever the hex digits.</summary>
    public const string HashPrefix = "sha256-";

    /// <summary>Records Aspire's WaitFor: Kubernetes has no start order between workloads.</summary>
    public const string DependsOnAnnotation = "kubeai.io/depends-on";

    private WorkloadParts(AppResource resource, string name, string component, WorkloadContext context)
    {
        Resource = resource;
        Name = name;
        Component = component;
        Context = context;
        Labels = Generation.Labels.For(name, context.ApplicationName, component);
        Selector = Generation.Labels.Selector(name, context.ApplicationName);
        Env = new EnvironmentBuilder(context, resource);
    }

    public AppResource Resource { get; }
    public string Name { get; }
    public string Component { get; }
    public WorkloadContext Context { get; }
    public DeploymentSettings Settings => Resource.Settings;
    public SortedDictionary<string, string> Labels { get; }
    public SortedDictionary<string, string> Selector { get; }
    public EnvironmentBuilder Env { get; }
    public IReadOnlyList<Endpoint> Endpoints { get; private set; } = [];
    public V1Container Container { get; private set; } = null!;
    public List<V1Volume> Volumes { get; } = [];
    public string ConfigMapName => $"{Name}-config";

    /// <summary>What the catalogue says about this container's image, when it is a known backing service.</summary>
    public BackingServicePlan? Backing { get; private set; }

    /// <summary>Resolves env and args and builds the container; <paramref name="addEnv"/> adds variables of its own before args are expanded.</summary>
    public static WorkloadParts Create(AppResource resource, WorkloadContext context, string component, Action<WorkloadParts>? addEnv = null)
    {
        var name = KubernetesNames.ForResource(resource.Name, resource.Origin);
        if (resource.BindMounts.Count > 0)
        {
            var mount = resource.BindMounts[0];
            throw new KubeAiException(
                ErrorCodes.BindMountNotSupported,
                $"'{resource.Name}' bind-mounts host path '{mount.Source}' at '{mount.Target}'; a cluster has no such host path: use a named volume (WithDataVolume/WithVolume) or bake the files into the image",
                $"{resource.Origin}.bindMounts[0]");
        }

        var parts = new WorkloadParts(resource, name, component, context);
        parts.Backing = BackingServicePlan.For(resource, context);
        foreach (var (key, raw) in resource.Env)
        {
            parts.Env.Add(key, raw);
        }

        if (parts.Backing is { } backing)
        {
            // The image's own variables, only where the app model did not set them.
            foreach (var (key, value) in backing.Service.Environment.Where(v => resource.Env.All(e => e.Key != v.Key)))
            {
                parts.Env.Add(key, value.Replace("{dataPath}", backing.DataMountPath, StringComparison.Ordinal));
            }
        }

        GpuClaims.Check(parts);
        addEnv?.Invoke(parts);
        var args = resource.Args.Select((a, i) => parts.Env.Expand(context.Resolver.Resolve(a, $"{resource.Origin}.args[{i}]"))).ToList();
        parts.Endpoints = context.Resolver.EndpointsOf(resource);
        parts.Container = new V1Container
        {
            Name = name,
            Image = context.Images[resource.Name],
            Command = resource.Kind switch
            {
                ResourceKind.Container when resource.Entrypoint is not null => [resource.Entrypoint],
                ResourceKind.Executable when resource.Command is not null => [resource.Command],
                _ => null,
            },
            Args = args.Count > 0 ? args : null,
            Env = parts.Env.Variables.Count > 0 ? parts.Env.Variables : null,
            EnvFrom = parts.Env.ConfigData.Count > 0 ? [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = parts.ConfigMapName } }] : null,
            Ports = ContainerPorts(parts.Endpoints),
            Resources = parts.ResourceRequirements(),
            SecurityContext = RestrictedContainerSecurity(parts.ReadOnlyRoot),
        };

        if (parts.ReadOnlyRoot)
        {
            // Runtimes and libraries expect a writable temp folder even when the root is read-only.
            parts.AddVolume(new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }, "/tmp");
            foreach (var path in parts.Backing?.Service.WritablePaths ?? [])
            {
                parts.AddVolume(new V1Volume { Name = KubernetesNames.Slug(path), EmptyDir = new V1EmptyDirVolumeSource() }, path);
            }
        }

        if (resource.Settings.Gpu is { } gpu)
        {
            // PyTorch data loaders and NCCL need a /dev/shm larger than the runtime's 64Mi.
            parts.AddVolume(new V1Volume { Name = "dshm", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(gpu.ShmSize) } }, "/dev/shm");
        }

        return parts;
    }

    public string Origin => Resource.Origin;

    /// <summary>The facts a NetworkPolicy needs about this workload.</summary>
    public NetworkFacts NetworkFacts(string? exposure, bool peerTraffic = false) => new(
        Name,
        Selector,
        Endpoints.GroupBy(e => (e.TargetPort, Protocol(e.Binding))).Select(g => new PodPort(g.Key.TargetPort, g.Key.Item2, g.Any(e => e.Binding.Scheme is "http" or "https"))).ToList(),
        Env.References.Where(r => r != Resource.Name).Select(r => KubernetesNames.ForResource(r, Origin)).ToHashSet(StringComparer.Ordinal),
        exposure,
        Settings.AllowInternetEgress,
        peerTraffic);

    /// <summary>Whether the container's root filesystem is read-only (the default; opt out per resource).</summary>
    public bool ReadOnlyRoot => Settings.ReadOnlyRootFilesystem
        && !Context.Options.WritableRootFilesystem.Contains(Resource.Name)
        && Backing?.Service.NeedsWritableRoot is null;

    /// <summary>The restricted Pod Security profile for one container, init containers included.</summary>
    public static V1SecurityContext RestrictedContainerSecurity(bool readOnlyRoot) => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        RunAsNonRoot = true,
        ReadOnlyRootFilesystem = readOnlyRoot ? true : null,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public V1ServiceAccount ServiceAccount() => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Metadata(Name),
        AutomountServiceAccountToken = false,
    };

    public V1ConfigMap? ConfigMap() => Env.ConfigData.Count == 0 ? null : new V1ConfigMap
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = Metadata(ConfigMapName),
        Data = Env.ConfigData,
    };

    public V1ObjectMeta Metadata(string name, IDictionary<string, string>? annotations = null) => new()
    {
        Name = name,
        Labels = Labels,
        Annotations = annotations is { Count: > 0 } ? annotations : null,
    };

    /// <summary>Annotations for the workload object itself (not its pods).</summary>
    public SortedDictionary<string, string>? WorkloadAnnotations()
    {
        if (Settings.DependsOn.Count == 0)
        {
            return null;
        }

        // WaitFor(database) names a value inside a server (AddDatabase): what runs is the server it points at.
        var names = Settings.DependsOn
            .SelectMany(d => Context.Resolver.WorkloadsBehind(d, $"{Origin}.deployment.dependsOn"))
            .Select(d => KubernetesNames.ForResource(d, $"{Origin}.deployment.dependsOn"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return names.Count == 0 ? null : new SortedDictionary<string, string>(StringComparer.Ordinal) { [DependsOnAnnotation] = string.Join(",", names) };
    }

    public void AddVolume(V1Volume volume, string mountPath, bool readOnly = false)
    {
        Volumes.Add(volume);
        Container.VolumeMounts ??= [];
        Container.VolumeMounts.Add(new V1VolumeMount { Name = volume.Name, MountPath = mountPath, ReadOnlyProperty = readOnly ? true : null });
    }

    /// <summary>The pod template: the container under the restricted profile, GPU scheduling, pull secret.</summary>
    public V1PodTemplateSpec PodTemplate(string? restartPolicy = null, bool fsGroup = false, IDictionary<string, string>? extraAnnotations = null)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Env.ConfigData.Count > 0)
        {
            annotations[ConfigHashAnnotation] = Hash(Env.ConfigData);
        }

        foreach (var (key, value) in extraAnnotations ?? new Dictionary<string, string>())
        {
            annotations[key] = value;
        }

        var userId = Backing?.Service.UserId ?? (Resource.Kind == ResourceKind.Project ? Context.Options.ProjectUserId : Context.Options.ContainerUserId);
        var groupId = Backing?.Service.GroupId ?? userId;
        // A backing service's volume (claim or emptyDir) must be writable by the image's own user.
        long? fsGroupId = Backing is { } backing ? backing.Service.FsGroup
            : fsGroup || Volumes.Any(v => v.PersistentVolumeClaim is not null) ? userId : null;
        var gpu = Settings.Gpu;
        var dra = GpuClaims.UsesDra(this);
        var spec = new V1PodSpec
        {
            ServiceAccountName = Name,
            AutomountServiceAccountToken = false,
            // Service links would add API_PORT-style variables that can clash with app settings.
            EnableServiceLinks = false,
            RestartPolicy = restartPolicy,
            SecurityContext = new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = userId,
                RunAsGroup = groupId,
                FsGroup = fsGroupId,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
            Containers = [Container],
            Volumes = Volumes.Count > 0 ? Volumes : null,
            ImagePullSecrets = Context.Environment?.ImagePullSecret is { } pullSecret ? [new V1LocalObjectReference { Name = pullSecret }] : null,
            Tolerations = gpu is null ? null : [new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" }],
            // With DRA the claim's CEL selectors choose the product; node labels are the device plugin's way.
            NodeSelector = gpu?.Product is { } product && !dra ? new SortedDictionary<string, string>(StringComparer.Ordinal) { ["nvidia.com/gpu.product"] = product } : null,
            ResourceClaims = dra ? [GpuClaims.PodClaim(this)] : null,
        };

        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = Labels, Annotations = annotations.Count > 0 ? annotations : null },
            Spec = spec,
        };
    }

    private V1ResourceRequirements ResourceRequirements()
    {
        // A backing service is sized for a database where neither the caller nor the environment decided.
        var defaults = Backing is { } backing
            ? ResourceDefaults.Merge(Context.GivenResources, backing.Service.Resources, ResourceDefaults.Standard)
            : Context.DefaultResources;
        var own = Settings.Resources;
        var requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(own?.CpuRequest ?? defaults.CpuRequest),
            ["memory"] = new(own?.MemoryRequest ?? defaults.MemoryRequest),
        };
        var limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(own?.CpuLimit ?? defaults.CpuLimit),
            ["memory"] = new(own?.MemoryLimit ?? defaults.MemoryLimit),
        };

        if (GpuClaims.UsesDra(this))
        {
            // DRA: the devices come from the pod's claim, not from extended resources.
            return new V1ResourceRequirements { Requests = requests, Limits = limits, Claims = [GpuClaims.ContainerClaim()] };
        }

        if (Settings.Gpu is { } gpu)
        {
            // Extended resources cannot be overcommitted: requests must equal limits.
            var count = gpu.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            requests[gpu.ResourceName] = new(count);
            limits[gpu.ResourceName] = new(count);
        }

        return new V1ResourceRequirements { Requests = requests, Limits = limits };
    }

    private static List<V1ContainerPort>? ContainerPorts(IReadOnlyList<Endpoint> endpoints)
    {
        // Two bindings may share one target port (http and https to one listener): one container port.
        var ports = endpoints
            .GroupBy(e => (e.TargetPort, Protocol: Protocol(e.Binding)))
            .Select(g => new V1ContainerPort { Name = g.First().PortName, ContainerPort = g.Key.TargetPort, Protocol = g.Key.Protocol })
            .ToList();
        return ports.Count > 0 ? ports : null;
    }

    public static string Protocol(Binding binding) => binding.Protocol.Equals("udp", StringComparison.OrdinalIgnoreCase) ? "UDP" : "TCP";

    private static string Hash(IDictionary<string, string> data)
    {
        var canonical = new StringBuilder();
        foreach (var (key, value) in data)
        {
            canonical.Append(key).Append('\0').Append(value).Append('\0');
        }

        // A prefix, so the hash never reads as a number (455937926765e699 is a float to YAML) after a round trip
        // through a tool that re-writes the YAML without quotes.
        return HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
    }
}
