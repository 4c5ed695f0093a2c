using System.CommandLine;
using KubeAi.Core.Delivery;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Cli;

/// <summary>
/// <c>kubeai secrets DIR</c>: what secrets a deployment needs, where each comes from, and the exact
/// command for what is missing. Never prints (or asks the cluster for) a value.
/// </summary>
internal static class SecretsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The generated tree (the folder holding base/)." };
        var environment = new Option<string?>("--environment", "-e") { Description = "The environment (overlay) to deploy: its namespace is used." };
        var check = new Option<bool>("--check") { Description = "Ask the cluster (kubectl, current context) which existing Secrets and keys are there; key names only." };
        var kubectl = new Option<string?>("--kubectl") { Description = "The kubectl to use (default: the one on PATH)." };
        var command = new Command("secrets", "List the secrets a generated tree needs, where each comes from, and how to create what is missing.") { directory, environment, check, kubectl };
        command.SetAction(parse => CliApplication.Guard(error, () =>
        {
            Func<string, string?, IReadOnlySet<string>?>? cluster = null;
            if (parse.GetValue(check))
            {
                var tool = Kubectl.Find(parse.GetValue(kubectl));
                cluster = (name, ns) => ClusterKeys(tool, name, ns);
            }

            var report = SecretInventory.Read(parse.GetValue(directory)!.FullName, parse.GetValue(environment), cluster);
            output.WriteLine($"kubeai secrets: {report.Needs.Count} secret key(s) needed{(report.Namespace is null ? string.Empty : $" in namespace {report.Namespace}")}");
            foreach (var need in report.Needs)
            {
                var what = need.Key is null ? need.SecretName : $"{need.SecretName}/{need.Key}";
                var from = need.Origin switch
                {
                    SecretOrigin.EnvFile => $"env file {need.Detail}",
                    SecretOrigin.ExternalSecret => $"ExternalSecret from {need.Detail}",
                    _ => $"existing Secret ({need.Detail})",
                };
                var status = need.Status switch
                {
                    SecretStatus.Present => "present",
                    SecretStatus.Missing => "MISSING",
                    _ => need.Origin == SecretOrigin.ExternalSecret ? "synced by the operator" : "not checked (--check asks the cluster)",
                };
                output.WriteLine($"  {what}: {from}; {status}; used by {string.Join(", ", need.UsedBy)}");
            }

            var missing = report.Missing.ToList();
            var toCreate = report.Needs.Where(n => n.Origin == SecretOrigin.ExistingSecret && n.Status != SecretStatus.Present)
                .GroupBy(n => n.SecretName, StringComparer.Ordinal).ToList();
            foreach (var group in toCreate)
            {
                var first = group.First();
                var command = first.CreateCommand(report.Namespace)!;
                if (group.Count() > 1 && first.Key is not null)
                {
                    command = $"kubectl create secret generic {first.SecretName}{(report.Namespace is null ? string.Empty : $" --namespace {report.Namespace}")} " +
                        string.Join(' ', group.Select(n => $"--from-literal={n.Key}=\"${SecretNeed.Variable($"{n.SecretName}-{n.Key}")}\""));
                }

                output.WriteLine($"{(first.Status == SecretStatus.Missing ? "create" : "if it does not exist")}: {command}");
            }

            if (missing.Any(m => m.Origin == SecretOrigin.EnvFile))
            {
                output.WriteLine($"fill: base/secrets.env (from base/secrets.env.template): {string.Join(", ", missing.Where(m => m.Origin == SecretOrigin.EnvFile).Select(m => m.Key))}");
            }

            if (missing.Count > 0)
            {
                error.WriteLine($"{ErrorCodes.SecretsMissing}: {missing.Count} secret key(s) missing: {string.Join(", ", missing.Select(m => m.Key is null ? m.SecretName : $"{m.SecretName}/{m.Key}"))}");
                return CliApplication.UserError;
            }

            return CliApplication.Success;
        }));
        return command;
    }

    // The key names of a Secret, or null when it does not exist. The go-template prints names only: no value leaves the cluster.
    private static IReadOnlySet<string>? ClusterKeys(Kubectl kubectl, string name, string? ns)
    {
        var arguments = new List<string> { "get", "secret", name, "--ignore-not-found", "--request-timeout=20s", "-o", "go-template={{range $k, $v := .data}}{{$k}}{{\"\\n\"}}{{end}}" };
        if (ns is not null)
        {
            arguments.AddRange(["--namespace", ns]);
        }

        var result = kubectl.Run(arguments, null, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new KubeAiException(ErrorCodes.KubectlFailed, $"kubectl get secret failed (exit code {result.ExitCode}): {ManifestTree.Escape(result.StdErr.Trim())}", "kubectl get secret");
        }

        // --ignore-not-found prints nothing for a missing Secret; an existing one without data prints nothing too, but has no keys to offer.
        var keys = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return keys.Count == 0 ? null : keys;
    }
}
