using System.CommandLine;

namespace KubeAi.Cli;

/// <summary><c>kubeai validate DIR</c>: strict offline validation of generated manifests.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "Folder of generated manifests (for example the output of kubeai generate)." };
        var command = new Command("validate", "Validate every Kubernetes object under a folder against the Kubernetes 1.35 and CRD schemas, strictly.") { directory };
        command.SetAction(parse => CliApplication.Guard(error, () => ManifestValidation.Run(parse.GetValue(directory)!.FullName, output, error)));
        return command;
    }
}
