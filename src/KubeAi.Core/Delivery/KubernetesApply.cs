using System.Diagnostics;
using System.Globalization;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Output;

namespace KubeAi.Core.Delivery;

/// <summary>What <c>kubeai apply</c> / <c>KubeAiApply</c> is asked to do.</summary>
/// <param name="Directory">The generated tree (holding <c>base/</c> and <c>overlays/</c>).</param>
/// <param name="Environment">The overlay to apply; null applies <c>base/</c>.</param>
/// <param name="DryRun">Server-side dry run: the API server checks everything, nothing changes, nothing is waited for.</param>
/// <param name="Timeout">The wall-clock budget for waiting on rollouts and jobs (and the limit of each kubectl run).</param>
public sealed record ApplyRequest(string Directory, string? Environment, bool DryRun, TimeSpan Timeout);

/// <summary>What was applied and waited for.</summary>
public sealed record ApplyResult(int Applied, int Pruned, IReadOnlyList<string> Waited, string? Namespace, string ApplySet);

/// <summary>
/// The kubectl commands of an apply, built in one place so they can be tested without a cluster.
/// Pruning uses an ApplySet (kubectl's <c>--applyset</c>, enabled by <c>KUBECTL_APPLYSET=true</c>): a
/// parent Secret <c>kubeai-&lt;app&gt;</c> records which objects the last apply made, so objects removed
/// from the app model are deleted and nothing else is touched.
/// </summary>
public static class KubectlCommands
{
    /// <summary>The environment kubectl needs for <c>--applyset</c> (an alpha feature gate in kubectl 1.27–1.35).</summary>
    public static IReadOnlyDictionary<string, string> ApplySetEnvironment { get; } = new Dictionary<string, string> { ["KUBECTL_APPLYSET"] = "true" };

    public static IReadOnlyList<string> Render(string kustomization) => ["kustomize", kustomization];

    public static IReadOnlyList<string> Apply(string applySet, string? ns, bool dryRun)
    {
        var arguments = new List<string> { "apply", "--server-side", "--field-manager=kubeai", $"--applyset={applySet}", "--prune" };
        if (ns is not null)
        {
            arguments.AddRange(["--namespace", ns]);
        }

        if (dryRun)
        {
            arguments.Add("--dry-run=server");
        }

        arguments.AddRange(["--filename", "-"]);
        return arguments;
    }

    public static IReadOnlyList<string> RolloutStatus(string kind, string name, string? ns, TimeSpan timeout) =>
        [.. new[] { "rollout", "status", $"{kind.ToLowerInvariant()}/{name}", $"--timeout={Seconds(timeout)}s" }, .. Namespace(ns)];

    public static IReadOnlyList<string> WaitForJob(string name, string? ns, TimeSpan timeout) =>
        [.. new[] { "wait", "--for=condition=complete", $"job/{name}", $"--timeout={Seconds(timeout)}s" }, .. Namespace(ns)];

    private static IEnumerable<string> Namespace(string? ns) => ns is null ? [] : ["--namespace", ns];

    private static string Seconds(TimeSpan timeout) => Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Applies a generated tree: renders it (<c>kubectl kustomize</c>), applies it server-side with field manager
/// <c>kubeai</c> and ApplySet pruning, then waits for Deployments/StatefulSets to roll out and Jobs to complete.
/// Missing secret values stop it before anything is sent (KUBEAI3057).
/// </summary>
public static class KubernetesApply
{
    /// <summary>The extra wall-clock time a kubectl run gets beyond its own <c>--timeout</c>, to report before being killed.</summary>
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(30);

    public static ApplyResult Run(ApplyRequest request, IKubectlRunner kubectl, Action<string> log)
    {
        var root = Path.GetFullPath(request.Directory);
        var kustomization = request.Environment is null ? Path.Combine(root, "base") : Path.Combine(root, OverlayLayout.Folder, request.Environment);
        if (!File.Exists(Path.Combine(root, "base", "kustomization.yaml")))
        {
            throw new KubeAiException(ErrorCodes.TreeNotFound, $"'{ManifestTree.Escape(request.Directory)}' has no base/kustomization.yaml; it is not a tree KubeAi generated", request.Directory);
        }

        if (!File.Exists(Path.Combine(kustomization, "kustomization.yaml")))
        {
            var known = Directory.Exists(Path.Combine(root, OverlayLayout.Folder)) ? string.Join(", ", Directory.EnumerateDirectories(Path.Combine(root, OverlayLayout.Folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal)) : string.Empty;
            throw new KubeAiException(ErrorCodes.UnknownEnvironment, $"the tree has no overlay for environment '{ManifestTree.Escape(request.Environment!)}' ({(known.Length == 0 ? "it has none" : $"it has: {known}")})", request.Directory);
        }

        var missing = SecretInventory.Read(root, request.Environment).Missing.Where(m => m.Origin == SecretOrigin.EnvFile).ToList();
        if (missing.Count > 0)
        {
            throw new KubeAiException(ErrorCodes.SecretsMissing, $"{missing.Count} secret key(s) have no value in base/secrets.env: {string.Join(", ", missing.Select(m => m.Key))}; fill it from base/secrets.env.template (kubeai secrets DIR lists every source)", Path.Combine(root, "base"));
        }

        var watch = Stopwatch.StartNew();
        var render = Checked(kubectl, KubectlCommands.Render(kustomization), null, request.Timeout, null, ErrorCodes.KubectlFailed);
        var (documents, _) = ManifestTree.ReadText(render.StdOut, "kubectl kustomize");
        var objects = documents.Select(d => d.Content).OfType<IReadOnlyDictionary<string, object?>>().ToList();
        var namespaces = objects.Select(o => Text(Map(o, "metadata"), "namespace")).Where(n => n is not null).Distinct(StringComparer.Ordinal).ToList();
        var ns = namespaces.Count == 1 ? namespaces[0] : null;
        var application = objects.Select(o => Text(Map(Map(o, "metadata"), "labels"), "app.kubernetes.io/part-of")).FirstOrDefault(a => a is not null)
            ?? throw new KubeAiException(ErrorCodes.TreeNotFound, "the rendered objects carry no app.kubernetes.io/part-of label; this is not a tree KubeAi generated", kustomization);
        var applySet = $"kubeai-{application}";

        log($"kubeai apply: {objects.Count} object(s) of '{application}' from {Path.GetRelativePath(root, kustomization)}{(ns is null ? string.Empty : $" to namespace {ns}")}{(request.DryRun ? " (server-side dry run)" : string.Empty)}");
        var apply = Checked(kubectl, KubectlCommands.Apply(applySet, ns, request.DryRun), render.StdOut, request.Timeout, KubectlCommands.ApplySetEnvironment, ErrorCodes.KubectlFailed);
        var lines = apply.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
        {
            log($"kubeai apply:   {line}");
        }

        var pruned = lines.Count(l => l.Contains(" pruned", StringComparison.Ordinal));
        var waited = new List<string>();
        if (!request.DryRun)
        {
            foreach (var obj in objects)
            {
                var kind = Text(obj, "kind");
                var name = Text(Map(obj, "metadata"), "name");
                var objectNamespace = Text(Map(obj, "metadata"), "namespace") ?? ns;
                if (name is null)
                {
                    continue;
                }

                var left = request.Timeout - watch.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new KubeAiException(ErrorCodes.RolloutFailed, $"the {request.Timeout.TotalSeconds:0} s budget ran out before {kind}/{name} was checked", "kubeai apply --timeout");
                }

                IReadOnlyList<string>? wait = kind switch
                {
                    "Deployment" or "StatefulSet" or "DaemonSet" => KubectlCommands.RolloutStatus(kind, name, objectNamespace, left),
                    "Job" when Map(obj, "spec")?.GetValueOrDefault("suspend") is not Scalar { Value: "true" } => KubectlCommands.WaitForJob(name, objectNamespace, left),
                    _ => null,
                };
                if (wait is null)
                {
                    continue;
                }

                Checked(kubectl, wait, null, left + s_grace, null, ErrorCodes.RolloutFailed);
                var done = kind == "Job" ? $"job/{name} complete" : $"{kind!.ToLowerInvariant()}/{name} rolled out";
                waited.Add(done);
                log($"kubeai apply: {done}");
            }
        }

        log($"kubeai apply: {lines.Length - pruned} object(s) applied, {pruned} pruned{(request.DryRun ? " (dry run: nothing changed)" : $", {waited.Count} rollout(s)/job(s) finished")} (applyset {applySet})");
        return new ApplyResult(lines.Length - pruned, pruned, waited, ns, applySet);
    }

    private static KubectlResult Checked(IKubectlRunner kubectl, IReadOnlyList<string> arguments, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string code)
    {
        var result = kubectl.Run(arguments, stdin, timeout, environment);
        if (result.ExitCode != 0)
        {
            var message = result.StdErr.Trim();
            var first = message.Split('\n')[0];
            throw new KubeAiException(code, $"kubectl {Kubectl.Describe(arguments)} failed (exit code {result.ExitCode}): {ManifestTree.Escape(first.Length > 400 ? first[..400] : first)}", $"kubectl {Kubectl.Describe(arguments)}");
        }

        return result;
    }

    private static IReadOnlyDictionary<string, object?>? Map(IReadOnlyDictionary<string, object?>? map, string key) =>
        map?.GetValueOrDefault(key) as IReadOnlyDictionary<string, object?>;

    private static string? Text(IReadOnlyDictionary<string, object?>? map, string key) => map?.GetValueOrDefault(key) is Scalar s ? s.Value : null;
}
