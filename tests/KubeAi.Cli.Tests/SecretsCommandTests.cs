using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary><c>kubeai secrets DIR</c>: what a deployment needs, from where, and the command for what is missing; never a value.</summary>
public sealed class SecretsCommandTests
{
    private static string Generate()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-secrets");
        var run = CliHarness.InProcess("generate", "--manifest", RepoPaths.Manifest("environments"), "--output", output, "--app-name", "shop");
        Assert.True(run.ExitCode == 0, run.StdErr);
        return output;
    }

    [Fact]
    public void Lists_every_key_with_its_source_and_fails_while_the_env_file_is_not_filled()
    {
        var tree = Generate();

        var run = CliHarness.InProcess("secrets", tree);

        Assert.Equal(1, run.ExitCode);
        var output = run.StdOut.ReplaceLineEndings("\n");
        Assert.Contains("kubeai secrets: 4 secret key(s) needed in namespace shop\n", output);
        Assert.Contains("  shop-db/password: existing Secret (key read by env); not checked (--check asks the cluster); used by Deployment/api\n", output);
        Assert.Contains("  shop-secrets/api-key: env file base/secrets.env; MISSING; used by Deployment/api\n", output);
        Assert.Contains("  shop-vault-cluster/hf-token: ExternalSecret from ClusterSecretStore vault, remote key shop/hf-token; synced by the operator; used by Deployment/api, Job/trainer\n", output);
        Assert.Contains("if it does not exist: kubectl create secret generic shop-db --namespace shop --from-literal=password=\"$SHOP_DB_PASSWORD\"\n", output);
        Assert.Contains("fill: base/secrets.env (from base/secrets.env.template): api-key\n", output);
        Assert.Equal(ErrorCodes.SecretsMissing + ": 1 secret key(s) missing: shop-secrets/api-key", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void A_filled_env_file_counts_as_present_and_its_value_is_never_printed()
    {
        var tree = Generate();
        File.WriteAllText(Path.Combine(tree, "base", "secrets.env"), "api-key=s3cr3t-value-123\n");

        var run = CliHarness.InProcess("secrets", tree, "--environment", "prod");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("in namespace shop-prod", run.StdOut);
        Assert.Contains("shop-secrets/api-key: env file base/secrets.env; present;", run.StdOut);
        Assert.Contains("--namespace shop-prod", run.StdOut);
        Assert.DoesNotContain("s3cr3t", run.StdOut + run.StdErr);
    }

    [Fact]
    public void Check_asks_the_cluster_for_key_names_only_and_prints_create_for_what_is_missing()
    {
        var tree = Generate();
        File.WriteAllText(Path.Combine(tree, "base", "secrets.env"), "api-key=x\n");
        // A kubectl that answers like an API server holding Secret shop-db without the key 'password'.
        var kubectl = Path.Combine(RepoPaths.NewTempDirectory("kubeai-kubectl"), "kubectl");
        File.WriteAllText(kubectl, "#!/bin/sh\necho \"$@\" >> \"$0.log\"\n[ \"$3\" = shop-db ] && echo username\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kubectl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var run = CliHarness.InProcess("secrets", tree, "--check", "--kubectl", kubectl);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("shop-db/password: existing Secret (key read by env); MISSING;", run.StdOut);
        Assert.Contains("create: kubectl create secret generic shop-db --namespace shop --from-literal=password=\"$SHOP_DB_PASSWORD\"", run.StdOut);
        var asked = File.ReadAllText(kubectl + ".log");
        Assert.Contains("get secret shop-db --ignore-not-found --request-timeout=20s -o go-template={{range $k, $v := .data}}{{$k}}", asked);
        Assert.DoesNotContain("-o yaml", asked);
        Assert.DoesNotContain("-o json", asked);
    }

    [Fact]
    public void Kubectl_that_cannot_be_found_and_a_folder_that_is_no_tree_are_coded_errors()
    {
        CliHarness.AssertOneCodedError(CliHarness.InProcess("secrets", Generate(), "--check", "--kubectl", "/nonexistent/kubectl"), ErrorCodes.KubectlNotFound);
        CliHarness.AssertOneCodedError(CliHarness.InProcess("secrets", RepoPaths.NewTempDirectory("kubeai-secrets")), ErrorCodes.TreeNotFound);
        CliHarness.AssertOneCodedError(CliHarness.InProcess("secrets", Generate(), "--environment", "staging"), ErrorCodes.UnknownEnvironment);
    }
}
