using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary>A fact that runs only when KUBECONFIG names a cluster that answers; otherwise it is skipped saying why.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_whyNot = new(Probe);

    public ClusterFactAttribute()
    {
        if (s_whyNot.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG")))
        {
            return "no cluster: KUBECONFIG is not set (this machine has no API server; set KUBECONFIG to run against one)";
        }

        try
        {
            var version = ProcessRunner.Run(Kustomize.Kubectl, ["version", "--request-timeout=10s", "-o", "json"], timeout: TimeSpan.FromSeconds(30));
            return version.ExitCode == 0 && version.StdOut.Contains("serverVersion", StringComparison.Ordinal)
                ? null
                : $"no cluster: the cluster in KUBECONFIG does not answer (kubectl version exit {version.ExitCode})";
        }
        catch (Exception ex)
        {
            return $"no cluster: kubectl version failed ({ex.Message})";
        }
    }
}

/// <summary><c>kubeai apply</c> as a command: its errors, and a real apply when a cluster answers.</summary>
public sealed class ApplyCommandTests
{
    private static string Generate(string manifest, params string[] options)
    {
        var output = RepoPaths.NewTempDirectory("kubeai-apply");
        var run = CliHarness.InProcess(["generate", "--manifest", RepoPaths.Manifest(manifest), "--output", output, .. options]);
        Assert.True(run.ExitCode == 0, run.StdErr);
        return output;
    }

    [Fact]
    public void Without_kubectl_it_is_one_coded_line()
    {
        var run = CliHarness.InProcess("apply", Generate("environments", "--app-name", "shop"), "--kubectl", "/nonexistent/kubectl");

        CliHarness.AssertOneCodedError(run, ErrorCodes.KubectlNotFound);
    }

    [Fact]
    public void Unfilled_secrets_and_a_missing_overlay_are_coded_errors()
    {
        var tree = Generate("environments", "--app-name", "shop");

        CliHarness.AssertOneCodedError(CliHarness.InProcess("apply", tree, "--kubectl", Kustomize.Kubectl, "--dry-run"), ErrorCodes.SecretsMissing);
        File.WriteAllText(Path.Combine(tree, "base", "secrets.env"), "api-key=x\n");
        CliHarness.AssertOneCodedError(CliHarness.InProcess("apply", tree, "--kubectl", Kustomize.Kubectl, "--environment", "qa"), ErrorCodes.UnknownEnvironment);
        CliHarness.AssertOneCodedError(CliHarness.InProcess("apply", tree, "--kubectl", Kustomize.Kubectl, "--timeout", "0"), ErrorCodes.InvalidOption);
    }

    [ClusterFact]
    public void A_server_side_dry_run_against_the_cluster_in_KUBECONFIG_succeeds()
    {
        var tree = Generate("minimal", "--app-name", "kubeai-it", "--namespace", "default");

        var run = CliHarness.InProcess("apply", tree, "--kubectl", Kustomize.Kubectl, "--dry-run", "--timeout", "120");

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("(dry run: nothing changed) (applyset kubeai-kubeai-it)", run.StdOut);
    }
}
