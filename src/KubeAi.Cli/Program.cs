using KubeAi.Cli;
using KubeAi.Core.Diagnostics;

try
{
    return CliApplication.Run(args, Console.Out, Console.Error);
}
catch (Exception ex)
{
    // Anything that escapes the commands' own guard (argument parsing, console trouble): still one line.
    Console.Error.WriteLine(InternalErrors.Wrap(ex, "starting kubeai").ToDisplayString());
    return CliApplication.InternalError;
}
