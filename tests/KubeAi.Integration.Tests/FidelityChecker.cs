using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KubeAi.TestSupport;
using static KubeAi.Integration.Tests.RenderedObjects;

namespace KubeAi.Integration.Tests;

/// <summary>
/// Checks that what the Aspire manifest says arrives in the rendered Kubernetes objects: every
/// env var of every workload (with its value: literals as written, endpoint expressions resolved
/// to the Service name and ports, secrets from a Secret), every binding as a container port and a
/// Service port, every volume as a mount, every argument, and every reference between workloads as
/// NetworkPolicy traffic allowed both ways. Written from the manifest format and Kubernetes
/// semantics (<c>envFrom</c> then <c>env</c> with <c>$(VAR)</c> expansion), not from KubeAi's code.
/// </summary>
public sealed partial class FidelityChecker
{
    private const char SecretMark = '\u0001';
    private const string DeployInput = "\u0002input\u0002";
    private const string AnySecret = "\u0003secret\u0003";

    private static readonly HashSet<string> s_workloadTypes = ["project.v0", "project.v1", "container.v0", "container.v1", "dockerfile.v0", "executable.v0"];
    private static readonly HashSet<string> s_podKinds = ["Deployment", "StatefulSet", "Job", "CronJob", "DaemonSet", "JobSet", "TrainJob", "PyTorchJob", "InferenceService"];

    private readonly Dictionary<string, JsonElement> _resources;
    private readonly RenderedObjects _objects;
    private readonly string? _deployInputValue;
    private readonly List<string> _findings = [];

    private FidelityChecker(JsonDocument manifest, RenderedObjects objects, string? deployInputValue)
    {
        _resources = manifest.RootElement.GetProperty("resources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        _objects = objects;
        _deployInputValue = deployInputValue;
        _external = _resources.Values
            .Where(r => Type(r) == "kubeai.environment.v0" && r.TryGetProperty("external", out _))
            .SelectMany(r => r.GetProperty("external").EnumerateArray().Select(e => e.GetString() ?? string.Empty))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Resources the environment declares external (<c>PublishAsExternal</c>): nothing deployed, references are secret inputs.</summary>
    private readonly HashSet<string> _external;

    /// <summary>
    /// What was lost or changed on the way; empty when the translation is faithful.
    /// <paramref name="deployInputValue"/> is what a parameter without a value must read as (the value
    /// the input files were filled with), or null when any value will do (a Helm chart's values).
    /// </summary>
    public static IReadOnlyList<string> Check(string manifestPath, string renderedYaml, string? deployInputValue = Kustomize.FilledValue)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var checker = new FidelityChecker(manifest, new RenderedObjects(renderedYaml), deployInputValue);
        foreach (var (name, resource) in checker._resources.Where(r => s_workloadTypes.Contains(Type(r.Value))))
        {
            if (checker._external.Contains(name))
            {
                checker.CheckNothingDeployed(name);
                continue;
            }

            checker.CheckWorkload(name, resource);
        }

        return checker._findings;
    }

    private static string Type(JsonElement resource) => resource.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;

    private void CheckWorkload(string name, JsonElement resource)
    {
        var workload = _objects.All.FirstOrDefault(o => s_podKinds.Contains(Kind(o)) && Name(o) == name);
        if (workload is null)
        {
            _findings.Add($"{name}: no workload object (Deployment, StatefulSet, Job, …) named '{name}'");
            return;
        }

        var podSpecs = Descendants(workload).Where(m => m.ContainsKey("containers")).ToList();
        var containers = podSpecs.SelectMany(p => Maps(p, "containers")).ToList();
        var container = containers.FirstOrDefault(c => Str(c, "name") == name) ?? containers.FirstOrDefault();
        if (container is null)
        {
            _findings.Add($"{name}: {Kind(workload)} has no container");
            return;
        }

        CheckEnvironment(name, resource, container);
        CheckBindings(name, resource, container);
        CheckVolumes(name, resource, container, podSpecs);
        CheckArgs(name, resource, container);
        CheckEntrypoint(name, resource, container);
        CheckReferences(name, resource, workload);
    }

    private void CheckNothingDeployed(string name)
    {
        foreach (var o in _objects.All.Where(o => Name(o) == name || Str(Map(Map(o, "metadata"), "labels"), "app.kubernetes.io/name") == name))
        {
            _findings.Add($"{name} is external, but {Kind(o)}/{Name(o)} was generated for it");
        }
    }

    private void CheckEnvironment(string name, JsonElement resource, Dictionary<string, object?> container)
    {
        if (!resource.TryGetProperty("env", out var env))
        {
            return;
        }

        var actual = ContainerEnvironment(container);
        foreach (var variable in env.EnumerateObject())
        {
            if (!actual.TryGetValue(variable.Name, out var value))
            {
                _findings.Add($"{name}: env {variable.Name} is missing");
                continue;
            }

            var expected = Expand(name, variable.Value.GetString() ?? string.Empty, 0);
            if (expected is null)
            {
                continue;
            }

            if (!Matches(expected, value))
            {
                _findings.Add($"{name}: env {variable.Name} is '{Show(value)}', expected '{Show(expected)}' (from '{variable.Value.GetString()}')");
            }
        }
    }

    /// <summary>The container's environment as the kubelet builds it: envFrom first, then env in order with $(VAR) expansion.</summary>
    private Dictionary<string, string> ContainerEnvironment(Dictionary<string, object?> container)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Maps(container, "envFrom"))
        {
            var prefix = Str(source, "prefix") ?? string.Empty;
            if (Str(Map(source, "configMapRef"), "name") is { } configMap)
            {
                foreach (var (key, value) in ConfigMapData(configMap))
                {
                    result[prefix + key] = value;
                }
            }

            if (Str(Map(source, "secretRef"), "name") is { } secret)
            {
                foreach (var key in Map(_objects.Find("Secret", secret), "data")?.Keys ?? Enumerable.Empty<string>())
                {
                    result[prefix + key] = $"{SecretMark}{secret}/{key}{SecretMark}";
                }
            }
        }

        foreach (var variable in Maps(container, "env"))
        {
            var key = Str(variable, "name") ?? string.Empty;
            if (Str(variable, "value") is { } value)
            {
                result[key] = KubernetesExpand(value, result);
            }
            else if (Map(variable, "valueFrom") is { } from)
            {
                if (Map(from, "secretKeyRef") is { } secretRef)
                {
                    result[key] = $"{SecretMark}{Str(secretRef, "name")}/{Str(secretRef, "key")}{SecretMark}";
                }
                else if (Map(from, "configMapKeyRef") is { } configRef)
                {
                    result[key] = ConfigMapData(Str(configRef, "name") ?? string.Empty).GetValueOrDefault(Str(configRef, "key") ?? string.Empty, string.Empty);
                }
                else
                {
                    result[key] = $"{SecretMark}field{SecretMark}";
                }
            }
            else
            {
                result[key] = string.Empty;
            }
        }

        return result;
    }

    private Dictionary<string, string> ConfigMapData(string name) =>
        Map(_objects.Find("ConfigMap", name), "data")?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty) ?? [];

    private static string KubernetesExpand(string value, Dictionary<string, string> defined)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(' && value.IndexOf(')', i) is var end and > 0
                && defined.TryGetValue(value[(i + 2)..end], out var referenced))
            {
                result.Append(referenced);
                i = end;
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// The value an Aspire expression must have in the cluster; secrets become a placeholder any
    /// Secret reference matches, parameters without a value one that a deploy-time input matches.
    /// Null when the expression cannot be resolved (reported as a finding).
    /// </summary>
    private string? Expand(string owner, string text, int depth)
    {
        if (depth > 10)
        {
            _findings.Add($"{owner}: expression nesting too deep in '{text}'");
            return null;
        }

        var failed = false;
        var result = Expression().Replace(text, match =>
        {
            var expanded = Resolve(owner, match.Groups[1].Value, depth);
            failed |= expanded is null;
            return expanded ?? string.Empty;
        });
        return failed ? null : result;
    }

    private string? Resolve(string owner, string expression, int depth)
    {
        var parts = expression.Split('.');
        if (!_resources.TryGetValue(parts[0], out var target))
        {
            _findings.Add($"{owner}: '{{{expression}}}' names no resource of the manifest");
            return null;
        }

        if (_external.Contains(parts[0]))
        {
            return AnySecret;
        }

        var type = Type(target);
        switch (parts)
        {
            case [_, "connectionString"] when target.TryGetProperty("connectionString", out var cs):
                return Expand(owner, cs.GetString() ?? string.Empty, depth + 1);
            case [_, "value"] when type == "parameter.v0":
                return ParameterValue(owner, parts[0], target, depth);
            case [_, "value"] when target.TryGetProperty("value", out var v):
                return Expand(owner, v.GetString() ?? string.Empty, depth + 1);
            case [_, "connectionString"] when type == "value.v0" && target.TryGetProperty("value", out var v2):
                return Expand(owner, v2.GetString() ?? string.Empty, depth + 1);
            case [_, "bindings", var binding, var property]:
                return BindingProperty(owner, parts[0], target, binding, property);
            default:
                _findings.Add($"{owner}: '{{{expression}}}' is not an expression this checker knows (type {type})");
                return null;
        }
    }

    private string? ParameterValue(string owner, string name, JsonElement parameter, int depth)
    {
        var valueText = parameter.TryGetProperty("value", out var v) ? v.GetString() ?? string.Empty : string.Empty;
        if (!valueText.Contains(".inputs.", StringComparison.Ordinal))
        {
            return Expand(owner, valueText, depth + 1);
        }

        var input = parameter.GetProperty("inputs").EnumerateObject().First().Value;
        var secret = input.TryGetProperty("secret", out var s) && s.GetBoolean();
        var hasDefault = input.TryGetProperty("default", out var defaults);
        if (secret || (hasDefault && defaults.TryGetProperty("generate", out _)))
        {
            return AnySecret;
        }

        return hasDefault && defaults.TryGetProperty("value", out var value) ? value.GetString() : DeployInput;
    }

    private string? BindingProperty(string owner, string name, JsonElement target, string binding, string property)
    {
        if (!target.TryGetProperty("bindings", out var bindings) || !bindings.TryGetProperty(binding, out var b))
        {
            _findings.Add($"{owner}: '{{{name}.bindings.{binding}.{property}}}': {name} has no binding '{binding}'");
            return null;
        }

        if (ServedByHttp(target, binding) is { } http)
        {
            // KUBEAI1031: an https endpoint without a certificate is the http listener in the cluster.
            return BindingProperty(owner, name, target, http, property);
        }

        var scheme = b.TryGetProperty("scheme", out var s) ? s.GetString() ?? "tcp" : "tcp";
        var (servicePort, targetPort) = Ports(b);
        return property switch
        {
            "host" => name,
            "port" => servicePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "targetPort" => targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "scheme" => scheme,
            "url" => $"{scheme}://{name}:{servicePort}",
            "hostAndPort" => $"{name}:{servicePort}",
            _ => Unknown(),
        };

        string? Unknown()
        {
            _findings.Add($"{owner}: binding property '{property}' of {name}.{binding} is not known to this checker");
            return null;
        }
    }

    /// <summary>KubeAi's documented rule: Service port = port, else targetPort, else 8080 (http) / 8443 (https); container port = targetPort, else the same default.</summary>
    private static (int Service, int Target) Ports(JsonElement binding)
    {
        var scheme = binding.TryGetProperty("scheme", out var s) ? s.GetString() : "tcp";
        var fallback = scheme == "https" ? 8443 : 8080;
        int? port = binding.TryGetProperty("port", out var p) ? p.GetInt32() : null;
        int? target = binding.TryGetProperty("targetPort", out var t) ? t.GetInt32() : null;
        return (port ?? target ?? fallback, target ?? fallback);
    }

    private void CheckBindings(string name, JsonElement resource, Dictionary<string, object?> container)
    {
        if (!resource.TryGetProperty("bindings", out var bindings))
        {
            return;
        }

        var containerPorts = Maps(container, "ports").ToList();
        var service = _objects.OfKind("Service").FirstOrDefault(s => Name(s) == name && Str(Map(s, "spec"), "clusterIP") != "None");
        foreach (var binding in bindings.EnumerateObject())
        {
            var (servicePort, targetPort) = Ports(binding.Value);
            if (ServedByHttp(resource, binding.Name) is not null)
            {
                // No certificate: nothing listens on an https port, so none may be advertised (KUBEAI1031).
                if (containerPorts.Any(p => Str(p, "containerPort") == targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    _findings.Add($"{name}: https binding '{binding.Name}' has no certificate, yet container port {targetPort} is advertised");
                }

                continue;
            }

            var containerPort = containerPorts.FirstOrDefault(p => Str(p, "containerPort") == targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var scheme = binding.Value.TryGetProperty("scheme", out var s) ? s.GetString() : null;
            if (containerPort is null)
            {
                _findings.Add($"{name}: binding '{binding.Name}' has no container port {targetPort}");
                continue;
            }

            if (service is null)
            {
                _findings.Add($"{name}: binding '{binding.Name}' but no Service named '{name}'");
                continue;
            }

            var port = Maps(Map(service, "spec"), "ports").FirstOrDefault(p => Str(p, "port") == servicePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (port is null)
            {
                _findings.Add($"{name}: binding '{binding.Name}' has no Service port {servicePort}");
            }
            else if (Str(port, "targetPort") is { } tp && tp != targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture) && tp != Str(containerPort, "name"))
            {
                _findings.Add($"{name}: Service port {servicePort} targets '{tp}', not container port {targetPort}");
            }

            if (binding.Value.TryGetProperty("external", out var external) && external.GetBoolean() && scheme is "http" or "https")
            {
                var exposed = _objects.OfKind("Ingress").Any(i => Descendants(i).Any(m => Str(Map(m, "service"), "name") == name))
                    || _objects.OfKind("Service").Any(svc => Str(Map(svc, "spec"), "type") == "LoadBalancer" && Descendants(svc).Any(m => Str(Map(m, "selector"), "app.kubernetes.io/name") == name));
                if (!exposed && scheme == "http")
                {
                    _findings.Add($"{name}: external binding '{binding.Name}' is exposed by no Ingress or LoadBalancer");
                }
            }
        }
    }

    /// <summary>
    /// The http binding that serves a project's https binding when the project configures no
    /// certificate (no HTTPS_PORTS, ASPNETCORE_HTTPS_PORTS, Kestrel certificate or https URL in its
    /// env: docs/errors.md, KUBEAI1031); null when the binding is what it says.
    /// </summary>
    private static string? ServedByHttp(JsonElement resource, string binding)
    {
        if (!Type(resource).StartsWith("project.", StringComparison.Ordinal)
            || !resource.TryGetProperty("bindings", out var bindings)
            || !bindings.TryGetProperty(binding, out var b)
            || !b.TryGetProperty("scheme", out var scheme) || scheme.GetString() != "https")
        {
            return null;
        }

        if (resource.TryGetProperty("env", out var env) && env.EnumerateObject().Any(v =>
                v.Name is "HTTPS_PORTS" or "ASPNETCORE_HTTPS_PORTS"
                || v.Name.StartsWith("Kestrel__Certificates", StringComparison.Ordinal)
                || (v.Name is "ASPNETCORE_URLS" or "URLS" && (v.Value.GetString() ?? string.Empty).Contains("https", StringComparison.Ordinal))))
        {
            return null;
        }

        return bindings.EnumerateObject().Where(o => o.Value.TryGetProperty("scheme", out var sc) && sc.GetString() == "http").Select(o => o.Name).FirstOrDefault();
    }

    private void CheckVolumes(string name, JsonElement resource, Dictionary<string, object?> container, List<Dictionary<string, object?>> podSpecs)
    {
        if (!resource.TryGetProperty("volumes", out var volumes))
        {
            return;
        }

        var mounts = Maps(container, "volumeMounts").ToList();
        var image = resource.TryGetProperty("image", out var i) ? i.GetString() ?? string.Empty : string.Empty;
        foreach (var volume in volumes.EnumerateArray())
        {
            var target = volume.GetProperty("target").GetString() ?? string.Empty;
            target = s_documentedMoves.FirstOrDefault(m => image.Contains(m.Image, StringComparison.Ordinal) && m.From == target).To ?? target;
            var mount = mounts.FirstOrDefault(m => Str(m, "mountPath") == target);
            if (mount is null)
            {
                _findings.Add($"{name}: volume '{volume.GetProperty("name").GetString()}' is not mounted at {target}");
                continue;
            }

            // The mount must be backed by a claim (template or PVC), not an emptyDir that loses the data.
            var volumeName = Str(mount, "name");
            var podVolume = podSpecs.SelectMany(p => Maps(p, "volumes")).FirstOrDefault(v => Str(v, "name") == volumeName);
            var claimTemplate = _objects.OfKind("StatefulSet").Where(s => Name(s) == name)
                .SelectMany(s => Maps(Map(s, "spec"), "volumeClaimTemplates")).Any(t => Name(t) == volumeName);
            if (!claimTemplate && Map(podVolume, "persistentVolumeClaim") is null)
            {
                _findings.Add($"{name}: volume '{volumeName}' at {target} is not backed by a claim");
            }
        }
    }

    /// <summary>
    /// Volumes KubeAi deliberately mounts elsewhere, as docs/backing-services.md says (a non-root
    /// user cannot reach the image's default path); the data must still land there, on a claim.
    /// </summary>
    private static readonly (string Image, string From, string To)[] s_documentedMoves =
    [
        ("ollama/ollama", "/root/.ollama", "/var/lib/ollama"),
    ];

    private void CheckArgs(string name, JsonElement resource, Dictionary<string, object?> container)
    {
        if (!resource.TryGetProperty("args", out var args))
        {
            return;
        }

        var actual = List(container, "args").Select(a => a?.ToString() ?? string.Empty).ToList();
        var expected = args.EnumerateArray().Select(a => Expand(name, a.GetString() ?? string.Empty, 0)).ToList();
        if (expected.Count != actual.Count || expected.Zip(actual).Any(p => p.First is not null && !Matches(p.First, p.Second)))
        {
            _findings.Add($"{name}: args are [{string.Join(", ", actual)}], expected [{string.Join(", ", expected.Select(e => Show(e ?? "?")))}]");
        }
    }

    private void CheckEntrypoint(string name, JsonElement resource, Dictionary<string, object?> container)
    {
        if (resource.TryGetProperty("entrypoint", out var entrypoint) && entrypoint.GetString() is { Length: > 0 } expected)
        {
            var command = List(container, "command").Select(c => c?.ToString()).ToList();
            if (command is not [var actual] || actual != expected)
            {
                _findings.Add($"{name}: command is [{string.Join(", ", command)}], expected the entrypoint [{expected}]");
            }
        }
    }

    /// <summary>A workload that names another in its env may talk to it: its egress and the other's ingress allow it.</summary>
    private void CheckReferences(string name, JsonElement resource, Dictionary<string, object?> workload)
    {
        if (!resource.TryGetProperty("env", out var env))
        {
            return;
        }

        var referenced = env.EnumerateObject()
            .SelectMany(v => ReferencedWorkloads(v.Value.GetString() ?? string.Empty, 0))
            .Where(r => r != name)
            .Distinct()
            .Order(StringComparer.Ordinal);
        var policies = _objects.OfKind("NetworkPolicy").ToList();
        if (policies.Count == 0)
        {
            return;
        }

        foreach (var target in referenced)
        {
            var ingress = policies.Any(p => Selects(p, target) && Maps(Map(p, "spec"), "ingress").Any(rule => Maps(rule, "from").Any(peer => PeerSelects(peer, name))));
            var egress = policies.Any(p => Selects(p, name) && Maps(Map(p, "spec"), "egress").Any(rule => Maps(rule, "to").Any(peer => PeerSelects(peer, target))));
            if (!ingress)
            {
                _findings.Add($"{name} references {target}, but no NetworkPolicy lets {name} into {target}");
            }

            if (!egress)
            {
                _findings.Add($"{name} references {target}, but no NetworkPolicy lets {name} out to {target}");
            }
        }
    }

    private IEnumerable<string> ReferencedWorkloads(string text, int depth)
    {
        if (depth > 10)
        {
            yield break;
        }

        foreach (Match match in Expression().Matches(text))
        {
            var target = match.Groups[1].Value.Split('.')[0];
            if (!_resources.TryGetValue(target, out var resource))
            {
                continue;
            }

            if (_external.Contains(target))
            {
                continue;
            }

            if (s_workloadTypes.Contains(Type(resource)))
            {
                yield return target;
            }

            foreach (var nested in new[] { "connectionString", "value" })
            {
                if (resource.TryGetProperty(nested, out var inner) && inner.ValueKind == JsonValueKind.String)
                {
                    foreach (var r in ReferencedWorkloads(inner.GetString() ?? string.Empty, depth + 1))
                    {
                        yield return r;
                    }
                }
            }
        }
    }

    private static bool Selects(Dictionary<string, object?> policy, string workload) =>
        Map(Map(Map(policy, "spec"), "podSelector"), "matchLabels") is { } labels && labels.GetValueOrDefault("app.kubernetes.io/name")?.ToString() == workload;

    private static bool PeerSelects(Dictionary<string, object?> peer, string workload) =>
        Map(Map(peer, "podSelector"), "matchLabels") is { } labels && labels.GetValueOrDefault("app.kubernetes.io/name")?.ToString() == workload;

    private bool Matches(string expected, string actual)
    {
        var pattern = new StringBuilder("^");
        var rest = expected;
        while (rest.Length > 0)
        {
            var next = rest.IndexOfAny([AnySecret[0], DeployInput[0]]);
            if (next < 0)
            {
                pattern.Append(Regex.Escape(rest));
                break;
            }

            pattern.Append(Regex.Escape(rest[..next]));
            var secretRef = $"{SecretMark}[^{SecretMark}]*{SecretMark}";
            if (rest[next] == AnySecret[0])
            {
                pattern.Append(secretRef);
                rest = rest[(next + AnySecret.Length)..];
            }
            else
            {
                pattern.Append(_deployInputValue is null ? ".*" : $"(?:{Regex.Escape(_deployInputValue)}|{secretRef})");
                rest = rest[(next + DeployInput.Length)..];
            }
        }

        return Regex.IsMatch(actual, pattern.Append('$').ToString());
    }

    private static string Show(string value) => value
        .Replace(AnySecret, "<secret>", StringComparison.Ordinal)
        .Replace(DeployInput, "<deploy-time input>", StringComparison.Ordinal)
        .Replace(SecretMark.ToString(), "<secretRef>", StringComparison.Ordinal);

    [GeneratedRegex(@"\{([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)+)\}")]
    private static partial Regex Expression();
}
