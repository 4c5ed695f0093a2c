using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Expressions;

namespace KubeAi.Core.Generation;

/// <summary>
/// One project, container, dockerfile or executable resource → ServiceAccount, ConfigMap,
/// Deployment (StatefulSet when it has named volumes) and Service.
/// </summary>
internal static class WorkloadGenerator
{
    private const string SecretEnvPrefix = "KUBEAI_SECRET_";

    public static GeneratedResource Generate(AppResource resource, WorkloadContext context, out IReadOnlyCollection<SecretPart> secretsUsed)
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

        var component = resource.Kind.ToString().ToLowerInvariant();
        var labels = Labels.For(name, context.ApplicationName, component);
        var env = new EnvironmentBuilder(context, resource);
        foreach (var (key, raw) in resource.Env)
        {
            env.Add(key, raw);
        }

        var args = resource.Args.Select((a, i) => env.Expand(context.Resolver.Resolve(a, $"{resource.Origin}.args[{i}]"))).ToList();
        var endpoints = context.Resolver.EndpointsOf(resource);
        var objects = new List<IKubernetesObject>();

        objects.Add(new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = Metadata(name, labels),
            AutomountServiceAccountToken = false,
        });

        var configName = $"{name}-config";
        if (env.ConfigData.Count > 0)
        {
            objects.Add(new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = Metadata(configName, labels),
                Data = env.ConfigData,
            });
        }

        var container = new V1Container
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
            Env = env.Variables.Count > 0 ? env.Variables : null,
            EnvFrom = env.ConfigData.Count > 0 ? [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configName } }] : null,
            Ports = ContainerPorts(endpoints),
            Resources = Resources(context.Options.Resources),
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                RunAsNonRoot = true,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
        };

        var claims = resource.Volumes.Select((v, i) => (Mount: v, Claim: ClaimName(v.Source, i))).ToList();
        if (claims.GroupBy(c => c.Claim).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new KubeAiException(ErrorCodes.ResourceNameCollision, $"volumes of '{resource.Name}' map to the same claim name '{clash.Key}': {string.Join(", ", clash.Select(c => c.Mount.Source))}", $"{resource.Origin}.volumes");
        }
        if (claims.Count > 0)
        {
            container.VolumeMounts = claims.Select(c => new V1VolumeMount { Name = c.Claim, MountPath = c.Mount.Target, ReadOnlyProperty = c.Mount.ReadOnly ? true : null }).ToList();
        }

        var userId = resource.Kind == ResourceKind.Project ? context.Options.ProjectUserId : context.Options.ContainerUserId;
        var podAnnotations = env.ConfigData.Count > 0
            ? new SortedDictionary<string, string>(StringComparer.Ordinal) { [Labels.ConfigHashAnnotation] = Hash(env.ConfigData) }
            : null;
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = labels, Annotations = podAnnotations },
            Spec = new V1PodSpec
            {
                ServiceAccountName = name,
                AutomountServiceAccountToken = false,
                // Service links would add API_PORT-style variables that can clash with app settings.
                EnableServiceLinks = false,
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = userId,
                    RunAsGroup = userId,
                    FsGroup = claims.Count > 0 ? userId : null,
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
                Containers = [container],
            },
        };

        var replicas = Replicas(resource);
        var selector = new V1LabelSelector { MatchLabels = Labels.Selector(name, context.ApplicationName) };
        if (claims.Count > 0)
        {
            objects.Add(new V1StatefulSet
            {
                ApiVersion = "apps/v1",
                Kind = "StatefulSet",
                Metadata = Metadata(name, labels),
                Spec = new V1StatefulSetSpec
                {
                    Replicas = replicas,
                    ServiceName = name,
                    Selector = selector,
                    Template = template,
                    VolumeClaimTemplates = claims.Select(c => new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = c.Claim, Labels = labels },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new(context.Options.VolumeSize) },
                            },
                        },
                    }).ToList(),
                },
            });
        }
        else
        {
            objects.Add(new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = Metadata(name, labels),
                Spec = new V1DeploymentSpec { Replicas = replicas, Selector = selector, Template = template },
            });
        }

        if (endpoints.Count > 0)
        {
            objects.Add(new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Metadata(name, labels),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = Labels.Selector(name, context.ApplicationName),
                    Ports = Endpoints.DistinctServicePorts(endpoints).Select(e => new V1ServicePort
                    {
                        Name = e.PortName,
                        Port = e.ServicePort,
                        TargetPort = e.TargetPort,
                        Protocol = Protocol(e.Binding),
                    }).ToList(),
                },
            });
        }

        secretsUsed = env.SecretsUsed;
        return new GeneratedResource(name, component, objects);
    }

    private static V1ObjectMeta Metadata(string name, IDictionary<string, string> labels) => new() { Name = name, Labels = labels };

    private static List<V1ContainerPort>? ContainerPorts(IReadOnlyList<Endpoint> endpoints)
    {
        // Two bindings may share one target port (http and https to one listener): one container port.
        var ports = endpoints
            .GroupBy(e => (e.TargetPort, Protocol: Protocol(e.Binding)))
            .Select(g => new V1ContainerPort { Name = g.First().PortName, ContainerPort = g.Key.TargetPort, Protocol = g.Key.Protocol })
            .ToList();
        return ports.Count > 0 ? ports : null;
    }

    private static string Protocol(Binding binding) => binding.Protocol.Equals("udp", StringComparison.OrdinalIgnoreCase) ? "UDP" : "TCP";

    private static V1ResourceRequirements Resources(ResourceDefaults defaults) => new()
    {
        Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(defaults.CpuRequest),
            ["memory"] = new(defaults.MemoryRequest),
        },
        Limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(defaults.CpuLimit),
            ["memory"] = new(defaults.MemoryLimit),
        },
    };

    private static int Replicas(AppResource resource)
    {
        if (resource.Deployment is not { } deployment || !deployment.TryGetProperty("replicas", out var replicas))
        {
            return 1;
        }

        if (replicas.ValueKind == JsonValueKind.Number && replicas.TryGetInt32(out var count) && count >= 0)
        {
            return count;
        }

        throw new KubeAiException(ErrorCodes.InvalidFieldValue, $"replicas {replicas.GetRawText()} is not a whole number of at least 0", $"{resource.Origin}.deployment.replicas");
    }

    private static string ClaimName(string volume, int index)
    {
        var cleaned = new string(volume.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (cleaned.Contains("--", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("--", "-", StringComparison.Ordinal);
        }

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

    private static string Hash(IDictionary<string, string> data)
    {
        var canonical = new StringBuilder();
        foreach (var (key, value) in data)
        {
            canonical.Append(key).Append('\0').Append(value).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
    }

    /// <summary>
    /// Sorts env into the ConfigMap (plain values) and the pod env (secret references, and values
    /// assembled from secrets through Kubernetes' <c>$(VAR)</c> expansion, so that no secret
    /// value is ever written).
    /// </summary>
    private sealed class EnvironmentBuilder(WorkloadContext context, AppResource resource)
    {
        private readonly List<V1EnvVar> _secretVariables = [];
        private readonly List<V1EnvVar> _variables = [];
        private readonly SortedDictionary<string, SecretPart> _secrets = new(StringComparer.Ordinal);

        public SortedDictionary<string, string> ConfigData { get; } = new(StringComparer.Ordinal);

        /// <summary>Secret helper variables first: <c>$(VAR)</c> only sees variables defined before it.</summary>
        public List<V1EnvVar> Variables => [.. _secretVariables, .. _variables];

        public IReadOnlyCollection<SecretPart> SecretsUsed => _secrets.Values;

        public void Add(string key, string raw)
        {
            var value = context.Resolver.Resolve(raw, $"{resource.Origin}.env.{key}");
            if (value.Parts is [SecretPart secret])
            {
                _secrets.TryAdd(secret.Key, secret);
                _variables.Add(new V1EnvVar { Name = key, ValueFrom = SecretRef(secret.Key) });
            }
            else if (value.IsSecret)
            {
                _variables.Add(new V1EnvVar { Name = key, Value = Expand(value) });
            }
            else if (KubernetesNames.IsConfigKey(key))
            {
                ConfigData[key] = value.Text!;
            }
            else
            {
                _variables.Add(new V1EnvVar { Name = key, Value = Escape(value.Text!) });
            }
        }

        /// <summary>The text of a value for a field Kubernetes expands: literals escaped, secrets as <c>$(VAR)</c>.</summary>
        public string Expand(ResolvedValue value)
        {
            var text = new StringBuilder();
            foreach (var part in value.Parts)
            {
                if (part is LiteralPart literal)
                {
                    text.Append(Escape(literal.Text));
                }
                else if (part is SecretPart secret)
                {
                    text.Append("$(").Append(HelperVariable(secret)).Append(')');
                }
            }

            return text.ToString();
        }

        private string HelperVariable(SecretPart secret)
        {
            var variable = SecretEnvPrefix + new string(secret.Key.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
            _secrets.TryAdd(secret.Key, secret);
            if (_secretVariables.All(v => v.Name != variable))
            {
                _secretVariables.Add(new V1EnvVar { Name = variable, ValueFrom = SecretRef(secret.Key) });
            }

            return variable;
        }

        private V1EnvVarSource SecretRef(string key) =>
            new() { SecretKeyRef = new V1SecretKeySelector { Name = context.SecretName, Key = key } };

        // Kubernetes expands $(VAR) in env values, command and args; $$ keeps a literal $.
        private static string Escape(string text) => text.Replace("$(", "$$(", StringComparison.Ordinal);
    }
}
