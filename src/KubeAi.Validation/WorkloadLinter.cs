namespace KubeAi.Validation;

/// <summary>One place where generated manifests fall short of KubeAi's production rules.</summary>
public sealed record LintFinding(string Source, string Kind, string Name, string Rule, string Message)
{
    public override string ToString() => $"{Source} ({Kind}/{Name}): [{Rule}] {Message}";
}

/// <summary>
/// Checks a tree of manifests against the rules every KubeAi workload must meet, beyond schema
/// validity: the restricted Pod Security profile, requests and limits on every container,
/// readiness and liveness probes on long-running workloads that listen, no service-account
/// token, every Service selecting a workload, every ConfigMap and Secret it references either
/// generated or declared external (image pull and TLS secrets, which the cluster provides), every
/// StatefulSet governed by a Service of the tree, and an fsGroup on every pod that mounts a volume
/// claim (a fresh claim belongs to root: without it the non-root user cannot write its data).
/// </summary>
public static class WorkloadLinter
{
    /// <param name="directory">The tree to check.</param>
    /// <param name="externalSecrets">Secrets the cluster provides (a Helm chart's pre-created Secret).</param>
    public static IReadOnlyList<LintFinding> LintDirectory(string directory, IEnumerable<string>? externalSecrets = null) =>
        Lint(ManifestSet.Load(directory), externalSecrets);

    /// <summary>Checks a tree already read with <see cref="ManifestSet.Load"/>; files it could not read are skipped (see <see cref="ManifestSet.Problems"/>).</summary>
    /// <param name="set">The parsed files (the same parse the schema pass reads).</param>
    /// <param name="externalSecrets">Secrets the cluster provides (a Helm chart's pre-created Secret).</param>
    public static IReadOnlyList<LintFinding> Lint(ManifestSet set, IEnumerable<string>? externalSecrets = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var objects = new List<(string Source, Dictionary<string, object?> Object)>();
        var generatedSecrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in set.Files.Where(f => f.Full.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            foreach (var document in file.Documents.Select(d => PlainTree.FromYamlNode(d.RootNode)).OfType<Dictionary<string, object?>>())
            {
                if (Path.GetFileName(file.Full) == "kustomization.yaml")
                {
                    foreach (var generator in List(document, "secretGenerator").OfType<Dictionary<string, object?>>())
                    {
                        generatedSecrets.Add(Text(generator, "name") ?? string.Empty);
                    }
                }
                else
                {
                    objects.Add((file.Relative, document));
                }
            }
        }

        var findings = new List<LintFinding>();
        var configMaps = objects.Where(o => Text(o.Object, "kind") == "ConfigMap").Select(o => Name(o.Object)).ToHashSet(StringComparer.Ordinal);
        var external = new HashSet<string>(externalSecrets ?? [], StringComparer.Ordinal);
        var podLabels = new List<Dictionary<string, object?>>();
        foreach (var (source, obj) in objects)
        {
            var kind = Text(obj, "kind") ?? "?";
            // Secrets an ExternalSecret makes, and existing ones a workload declares it reads (docs/environments.md).
            if (kind == "ExternalSecret")
            {
                external.Add(Text(Map(Map(obj, "spec"), "target"), "name") ?? Name(obj));
            }

            foreach (var existing in (Text(Map(Map(obj, "metadata"), "annotations"), KubeAi.Core.Generation.SecretPlan.ExistingSecretsAnnotation) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                external.Add(existing);
            }

            foreach (var tls in List(Map(obj, "spec"), "tls").OfType<Dictionary<string, object?>>())
            {
                external.Add(Text(tls, "secretName") ?? string.Empty);
            }

            foreach (var (pod, labels) in PodSpecs(kind, obj))
            {
                if (labels is not null)
                {
                    podLabels.Add(labels);
                }

                foreach (var pull in List(pod, "imagePullSecrets").OfType<Dictionary<string, object?>>())
                {
                    external.Add(Text(pull, "name") ?? string.Empty);
                }

                LintPod(source, kind, Name(obj), pod, LongRunning(kind), findings, configMaps);
                var claimTemplates = kind == "StatefulSet" ? List(Map(obj, "spec"), "volumeClaimTemplates") : [];
                var claimVolumes = List(pod, "volumes").OfType<Dictionary<string, object?>>().Where(v => Map(v, "persistentVolumeClaim") is not null);
                if ((claimTemplates.Count > 0 || claimVolumes.Any()) && Value(Map(pod, "securityContext"), "fsGroup") is null)
                {
                    findings.Add(new(source, kind, Name(obj), "volume-owner", "mounts a volume claim but sets no fsGroup, so its non-root user cannot write a fresh claim"));
                }
            }
        }

        var services = objects.Where(o => Text(o.Object, "kind") == "Service").Select(o => Name(o.Object)).ToHashSet(StringComparer.Ordinal);
        foreach (var (source, obj) in objects.Where(o => Text(o.Object, "kind") == "StatefulSet"))
        {
            if (Text(Map(obj, "spec"), "serviceName") is { } governing && !services.Contains(governing))
            {
                findings.Add(new(source, "StatefulSet", Name(obj), "statefulset-service", $"serviceName '{governing}' names no Service of the tree, so its pods get no stable DNS names"));
            }
        }

        foreach (var (source, obj) in objects)
        {
            var kind = Text(obj, "kind") ?? "?";
            // Secrets an ExternalSecret makes, and existing ones a workload declares it reads (docs/environments.md).
            if (kind == "ExternalSecret")
            {
                external.Add(Text(Map(Map(obj, "spec"), "target"), "name") ?? Name(obj));
            }

            foreach (var existing in (Text(Map(Map(obj, "metadata"), "annotations"), KubeAi.Core.Generation.SecretPlan.ExistingSecretsAnnotation) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                external.Add(existing);
            }

            foreach (var (pod, _) in PodSpecs(kind, obj))
            {
                foreach (var secret in SecretReferences(pod).Where(s => !generatedSecrets.Contains(s) && !external.Contains(s)))
                {
                    findings.Add(new(source, kind, Name(obj), "secret-exists", $"references Secret '{secret}', which is neither generated nor declared external"));
                }
            }

            if (kind == "Service" && Map(Map(obj, "spec"), "selector") is { } selector
                && !podLabels.Any(labels => selector.All(s => labels.TryGetValue(s.Key, out var v) && Equals(v, s.Value))))
            {
                findings.Add(new(source, kind, Name(obj), "service-selects", "selects no workload's pods"));
            }
        }

        return findings;
    }

    private static bool LongRunning(string kind) => kind is "Deployment" or "StatefulSet" or "DaemonSet";

    private static void LintPod(string source, string kind, string name, Dictionary<string, object?> pod, bool longRunning, List<LintFinding> findings, HashSet<string> configMaps)
    {
        void Find(string rule, string message) => findings.Add(new(source, kind, name, rule, message));

        var podSecurity = Map(pod, "securityContext");
        if (!Equals(Value(pod, "automountServiceAccountToken"), false))
        {
            Find("no-token", "automountServiceAccountToken is not false");
        }

        var containers = List(pod, "containers").Concat(List(pod, "initContainers")).OfType<Dictionary<string, object?>>().ToList();
        if (Map(pod, "model") is { } model)
        {
            containers.Add(model); // a KServe predictor's model container
        }

        foreach (var container in containers)
        {
            var who = $"container '{Text(container, "name") ?? "model"}'";
            var security = Map(container, "securityContext");
            if (!Equals(Value(security, "allowPrivilegeEscalation"), false))
            {
                Find("restricted", $"{who} allows privilege escalation");
            }

            if (Equals(Value(security, "privileged"), true))
            {
                Find("restricted", $"{who} is privileged");
            }

            if (!List(Map(security, "capabilities"), "drop").Contains("ALL"))
            {
                Find("restricted", $"{who} does not drop ALL capabilities");
            }

            if (!Equals(Value(security, "runAsNonRoot") ?? Value(podSecurity, "runAsNonRoot"), true))
            {
                Find("restricted", $"{who} may run as root (runAsNonRoot is not true)");
            }

            if ((Value(security, "runAsUser") ?? Value(podSecurity, "runAsUser")) is { } user && Convert.ToString(user, System.Globalization.CultureInfo.InvariantCulture) == "0")
            {
                Find("restricted", $"{who} runs as uid 0");
            }

            var seccomp = Text(Map(security, "seccompProfile"), "type") ?? Text(Map(podSecurity, "seccompProfile"), "type");
            if (seccomp is not ("RuntimeDefault" or "Localhost"))
            {
                Find("restricted", $"{who} has no RuntimeDefault seccomp profile");
            }

            var resources = Map(container, "resources");
            foreach (var side in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (Value(Map(resources, side), resource) is null)
                    {
                        Find("resources", $"{who} has no {resource} {side[..^1]}");
                    }
                }
            }

            foreach (var reference in List(container, "envFrom").OfType<Dictionary<string, object?>>().Select(e => Text(Map(e, "configMapRef"), "name")).OfType<string>())
            {
                if (!configMaps.Contains(reference))
                {
                    Find("configmap-exists", $"{who} references ConfigMap '{reference}', which is not generated");
                }
            }
        }

        if (longRunning)
        {
            // A TCP listener can be probed; a UDP-only one (statsd) cannot, by Kubernetes' design.
            foreach (var container in List(pod, "containers").OfType<Dictionary<string, object?>>().Where(ListensOnTcp))
            {
                foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
                {
                    if (Map(container, probe) is null)
                    {
                        Find("probes", $"container '{Text(container, "name")}' listens but has no {probe}");
                    }
                }
            }
        }
    }

    private static bool ListensOnTcp(Dictionary<string, object?> container) =>
        List(container, "ports").OfType<Dictionary<string, object?>>().Any(p => (Text(p, "protocol") ?? "TCP") == "TCP");

    private static IEnumerable<string> SecretReferences(Dictionary<string, object?> pod)
    {
        var containers = List(pod, "containers").Concat(List(pod, "initContainers")).OfType<Dictionary<string, object?>>();
        foreach (var container in containers)
        {
            foreach (var env in List(container, "env").OfType<Dictionary<string, object?>>())
            {
                if (Text(Map(Map(env, "valueFrom"), "secretKeyRef"), "name") is { } name)
                {
                    yield return name;
                }
            }

            foreach (var envFrom in List(container, "envFrom").OfType<Dictionary<string, object?>>())
            {
                if (Text(Map(envFrom, "secretRef"), "name") is { } name)
                {
                    yield return name;
                }
            }
        }

        foreach (var volume in List(pod, "volumes").OfType<Dictionary<string, object?>>())
        {
            if (Text(Map(volume, "secret"), "secretName") is { } name)
            {
                yield return name;
            }
        }
    }

    /// <summary>The pod specs (and pod labels) inside a workload of any kind KubeAi writes.</summary>
    private static IEnumerable<(Dictionary<string, object?> Pod, Dictionary<string, object?>? Labels)> PodSpecs(string kind, Dictionary<string, object?> obj)
    {
        var spec = Map(obj, "spec");
        IEnumerable<Dictionary<string, object?>?> templates = kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "Job" => [Map(spec, "template")],
            "CronJob" => [Map(Map(Map(spec, "jobTemplate"), "spec"), "template")],
            "JobSet" => List(spec, "replicatedJobs").OfType<Dictionary<string, object?>>().Select(r => Map(Map(Map(r, "template"), "spec"), "template")),
            "PyTorchJob" => (Map(spec, "pytorchReplicaSpecs")?.Values.AsEnumerable() ?? []).OfType<Dictionary<string, object?>>().Select(r => Map(r, "template")),
            _ => [],
        };

        foreach (var template in templates.OfType<Dictionary<string, object?>>())
        {
            if (Map(template, "spec") is { } pod)
            {
                yield return (pod, Map(Map(template, "metadata"), "labels"));
            }
        }

        if (kind == "LeaderWorkerSet" && Map(spec, "leaderWorkerTemplate") is { } group)
        {
            // LWS labels each pod with its index in the group at run time: the leader is 0.
            foreach (var (key, leader) in new[] { ("leaderTemplate", true), ("workerTemplate", false) })
            {
                if (Map(Map(group, key), "spec") is { } pod)
                {
                    var labels = Map(Map(Map(group, key), "metadata"), "labels") is { } declared ? new Dictionary<string, object?>(declared) : [];
                    labels["leaderworkerset.sigs.k8s.io/worker-index"] = leader ? "0" : "1";
                    yield return (pod, labels);
                }
            }
        }

        if (kind == "InferenceService" && Map(spec, "predictor") is { } predictor)
        {
            yield return (predictor, null);
        }
    }

    private static Dictionary<string, object?>? Map(Dictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value as Dictionary<string, object?> : null;

    private static List<object?> List(Dictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) && value is List<object?> list ? list : [];

    private static object? Value(Dictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static string? Text(Dictionary<string, object?>? map, string key) => Value(map, key) as string;

    private static string Name(Dictionary<string, object?> obj) => Text(Map(obj, "metadata"), "name") ?? "?";
}
