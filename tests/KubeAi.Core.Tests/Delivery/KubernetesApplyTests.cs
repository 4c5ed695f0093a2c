using KubeAi.Core.Delivery;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Delivery;

/// <summary>
/// The apply sequence, with the real kubectl for rendering (it works offline) and a recorder standing in
/// for the API server, which this machine does not have (tests/KubeAi.Cli.Tests/ApplyClusterTests runs
/// against a real cluster when KUBECONFIG names one that answers).
/// </summary>
public sealed class KubernetesApplyTests
{
    /// <summary>Renders with the real kubectl; records every other command and answers like an API server.</summary>
    private sealed class RecordingKubectl(Func<IReadOnlyList<string>, KubectlResult>? answer = null) : IKubectlRunner
    {
        private readonly Kubectl _real = Kubectl.Find(Kustomize.Kubectl);

        public List<(IReadOnlyList<string> Arguments, string? Stdin, IReadOnlyDictionary<string, string>? Environment)> Calls { get; } = [];

        public KubectlResult Run(IReadOnlyList<string> arguments, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
        {
            Calls.Add((arguments, stdin, environment));
            if (arguments[0] == "kustomize")
            {
                return _real.Run(arguments, stdin, timeout, environment);
            }

            return answer?.Invoke(arguments) ?? (arguments[0] == "apply"
                ? new KubectlResult(0, "deployment.apps/api serverside-applied\njob.batch/trainer serverside-applied\nconfigmap/old-config pruned\n", string.Empty)
                : new KubectlResult(0, "ok\n", string.Empty));
        }
    }

    private static string Tree(bool fillSecrets = true)
    {
        var golden = GoldenCases.All.Single(c => c.Name == "environments");
        var output = RepoPaths.NewTempDirectory("kubeai-apply");
        KubeAiGenerator.GenerateFromFile(golden.Manifest, output, golden.Options with { Format = OutputFormat.Kustomize });
        if (fillSecrets)
        {
            File.WriteAllText(Path.Combine(output, "base", "secrets.env"), "api-key=not-a-real-value\n");
        }

        return output;
    }

    [Fact]
    public void Commands_are_built_exactly()
    {
        Assert.Equal(
            ["apply", "--server-side", "--field-manager=kubeai", "--applyset=kubeai-shop", "--prune", "--namespace", "shop-prod", "--filename", "-"],
            KubectlCommands.Apply("kubeai-shop", "shop-prod", dryRun: false));
        Assert.Equal(
            ["apply", "--server-side", "--field-manager=kubeai", "--applyset=kubeai-shop", "--prune", "--dry-run=server", "--filename", "-"],
            KubectlCommands.Apply("kubeai-shop", null, dryRun: true));
        Assert.Equal(["rollout", "status", "deployment/api", "--timeout=300s", "--namespace", "ml"], KubectlCommands.RolloutStatus("Deployment", "api", "ml", TimeSpan.FromMinutes(5)));
        Assert.Equal(["wait", "--for=condition=complete", "job/train", "--timeout=2s"], KubectlCommands.WaitForJob("train", null, TimeSpan.FromSeconds(1.5)));
        Assert.Equal(["kustomize", "/t/overlays/prod"], KubectlCommands.Render("/t/overlays/prod"));
        Assert.Equal("true", KubectlCommands.ApplySetEnvironment["KUBECTL_APPLYSET"]);
    }

    [Fact]
    public void Apply_renders_the_overlay_applies_it_server_side_with_pruning_then_waits_for_rollouts_and_jobs()
    {
        var tree = Tree();
        var kubectl = new RecordingKubectl();
        var log = new List<string>();

        var result = KubernetesApply.Run(new ApplyRequest(tree, "prod", DryRun: false, TimeSpan.FromMinutes(5)), kubectl, log.Add);

        Assert.Equal(["kustomize", Path.Combine(tree, "overlays", "prod")], kubectl.Calls[0].Arguments);
        var apply = kubectl.Calls[1];
        Assert.Equal(KubectlCommands.Apply("kubeai-shop", "shop-prod", dryRun: false), apply.Arguments);
        Assert.Equal("true", apply.Environment!["KUBECTL_APPLYSET"]);
        Assert.Contains("namespace: shop-prod", apply.Stdin);
        Assert.Contains("replicas: 4", apply.Stdin);
        var waits = kubectl.Calls.Skip(2).Select(c => string.Join(' ', c.Arguments.Where(a => !a.StartsWith("--timeout=", StringComparison.Ordinal)))).ToList();
        Assert.Equal(
            [
                "rollout status deployment/api --namespace shop-prod",
                "rollout status deployment/worker --namespace shop-prod",
                "rollout status statefulset/cache --namespace shop-prod",
                "wait --for=condition=complete job/trainer --namespace shop-prod",
            ],
            waits.Order(StringComparer.Ordinal));
        Assert.Equal(1, result.Pruned);
        Assert.Equal(2, result.Applied);
        Assert.Equal("kubeai apply: 2 object(s) applied, 1 pruned, 4 rollout(s)/job(s) finished (applyset kubeai-shop)", log[^1]);
        Assert.DoesNotContain(log, l => l.Contains("not-a-real-value", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dry_run_asks_the_server_and_waits_for_nothing()
    {
        var kubectl = new RecordingKubectl();

        KubernetesApply.Run(new ApplyRequest(Tree(), null, DryRun: true, TimeSpan.FromMinutes(5)), kubectl, _ => { });

        Assert.Equal(2, kubectl.Calls.Count);
        Assert.Equal(KubectlCommands.Apply("kubeai-shop", "shop", dryRun: true), kubectl.Calls[1].Arguments);
    }

    [Fact]
    public void Missing_secret_values_stop_it_before_kubectl_runs()
    {
        var kubectl = new RecordingKubectl();

        var error = Assert.Throws<KubeAiException>(() => KubernetesApply.Run(new ApplyRequest(Tree(fillSecrets: false), "dev", false, TimeSpan.FromMinutes(1)), kubectl, _ => { }));

        Assert.Equal(ErrorCodes.SecretsMissing, error.Code);
        Assert.Contains("api-key", error.Message);
        Assert.Empty(kubectl.Calls);
    }

    [Fact]
    public void An_unknown_environment_names_the_overlays_there_are()
    {
        var error = Assert.Throws<KubeAiException>(() => KubernetesApply.Run(new ApplyRequest(Tree(), "staging", false, TimeSpan.FromMinutes(1)), new RecordingKubectl(), _ => { }));

        Assert.Equal(ErrorCodes.UnknownEnvironment, error.Code);
        Assert.Contains("it has: dev, prod", error.Message);
    }

    [Fact]
    public void A_rejected_apply_and_a_failed_rollout_are_coded_errors_with_kubectls_first_line()
    {
        var rejected = new RecordingKubectl(a => a[0] == "apply" ? new KubectlResult(1, string.Empty, "error: no matches for kind \"ExternalSecret\" in version \"external-secrets.io/v1\"\nmore detail\n") : new KubectlResult(0, string.Empty, string.Empty));
        var error = Assert.Throws<KubeAiException>(() => KubernetesApply.Run(new ApplyRequest(Tree(), null, false, TimeSpan.FromMinutes(1)), rejected, _ => { }));
        Assert.Equal(ErrorCodes.KubectlFailed, error.Code);
        Assert.Contains("kubectl apply failed (exit code 1): error: no matches for kind", error.ToDisplayString());
        Assert.DoesNotContain("more detail", error.Message);

        var stuck = new RecordingKubectl(a => a[0] == "rollout" ? new KubectlResult(1, string.Empty, "error: timed out waiting for the condition\n") : new KubectlResult(0, "deployment.apps/api serverside-applied\n", string.Empty));
        var rollout = Assert.Throws<KubeAiException>(() => KubernetesApply.Run(new ApplyRequest(Tree(), null, false, TimeSpan.FromMinutes(1)), stuck, _ => { }));
        Assert.Equal(ErrorCodes.RolloutFailed, rollout.Code);
        Assert.Contains("timed out waiting for the condition", rollout.Message);
    }

    [Fact]
    public void Kubectl_is_found_on_PATH_or_by_path_and_missing_is_KUBEAI5010()
    {
        var directory = Path.GetDirectoryName(Kustomize.Kubectl)!;
        Assert.Equal(Path.Combine(directory, "kubectl"), Kubectl.Find(null, name => name == "PATH" ? directory : null).Path);
        Assert.Equal(ErrorCodes.KubectlNotFound, Assert.Throws<KubeAiException>(() => Kubectl.Find(null, _ => "/nonexistent-kubeai-path")).Code);
        Assert.Equal(ErrorCodes.KubectlNotFound, Assert.Throws<KubeAiException>(() => Kubectl.Find("/nonexistent/kubectl")).Code);
    }

    [Fact]
    public void A_kubectl_that_hangs_is_stopped_at_its_wall_clock_limit()
    {
        // /bin/sleep stands in for a kubectl waiting on an API server that never answers.
        var hanging = Kubectl.Find("/bin/sleep");

        var error = Assert.Throws<KubeAiException>(() => hanging.Run(["600"], null, TimeSpan.FromSeconds(1)));

        Assert.Equal(ErrorCodes.KubectlTimedOut, error.Code);
    }
}
