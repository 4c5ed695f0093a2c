using System.CommandLine;
using KubeAi.Core.Delivery;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Cli;

/// <summary>
/// <c>kubeai diff OLD NEW</c>: object-level differences between two generated trees, for code review
/// in CI. Exit codes as diff(1): 0 the same, 1 different, 2 trouble (one coded line).
/// </summary>
internal static class DiffCommand
{
    public const int Same = 0;
    public const int Different = 1;
    public const int Trouble = 2;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var old = new Argument<DirectoryInfo>("old") { Description = "The tree before (for example the main branch's publish output)." };
        var @new = new Argument<DirectoryInfo>("new") { Description = "The tree after." };
        var command = new Command("diff", "Show which Kubernetes objects, fields and images differ between two generated trees (exit 0 same, 1 different, 2 trouble).") { old, @new };
        command.SetAction(parse =>
        {
            try
            {
                var difference = TreeDiff.Compare(parse.GetValue(old)!.FullName, parse.GetValue(@new)!.FullName);
                foreach (var line in difference.Lines())
                {
                    output.WriteLine(line);
                }

                return difference.Same ? Same : Different;
            }
            catch (KubeAiException ex)
            {
                error.WriteLine(ex.ToDisplayString());
                return Trouble;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{ErrorCodes.DiffInputInvalid}: cannot read the trees: {ManifestTree.Escape(ex.Message)}");
                return Trouble;
            }
            catch (Exception ex)
            {
                error.WriteLine($"{ErrorCodes.InternalError}: internal error, please report it: {ex}");
                return Trouble;
            }
        });
        return command;
    }
}
