using System.CommandLine;
using KubeAi.Core.Delivery;

namespace KubeAi.Cli;

/// <summary><c>kubeai apply DIR [--environment E] [--dry-run]</c>: render, apply server-side with pruning, wait, summarise.</summary>
internal static class ApplyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The generated tree (the folder holding base/ and overlays/)." };
        var environment = new Option<string?>("--environment", "-e") { Description = "The environment (overlays/<name>) to apply; default: base/." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Server-side dry run (kubectl --dry-run=server): the API server checks every object, nothing changes." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for rollouts and jobs in all (default 300); also the limit of each kubectl run.", DefaultValueFactory = _ => 300 };
        var kubectl = new Option<string?>("--kubectl") { Description = "The kubectl to use (default: the one on PATH)." };
        var command = new Command("apply", "Apply a generated tree to the cluster of the current kubectl context: server-side, field manager kubeai, pruning what this app applied before, then wait for rollouts and jobs.")
        {
            directory, environment, dryRun, timeout, kubectl,
        };
        command.SetAction(parse => CliApplication.Guard(error, () =>
        {
            var seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 86_400)
            {
                throw new Core.Diagnostics.KubeAiException(Core.Diagnostics.ErrorCodes.InvalidOption, $"--timeout {seconds} must be between 1 and 86400 seconds", "--timeout");
            }

            var tool = Kubectl.Find(parse.GetValue(kubectl));
            KubernetesApply.Run(new ApplyRequest(parse.GetValue(directory)!.FullName, parse.GetValue(environment), parse.GetValue(dryRun), TimeSpan.FromSeconds(seconds)), tool, output.WriteLine);
            return CliApplication.Success;
        }));
        return command;
    }
}
