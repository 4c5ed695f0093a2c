using System.CommandLine;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Cli;

/// <summary>
/// The <c>kubeai</c> command line: a thin adapter over KubeAi.Core. Exit codes: 0 success,
/// 1 a user error (one coded line, no stack trace), 2 an internal error.
/// </summary>
public static class CliApplication
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int InternalError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("KubeAi: turn an Aspire app model into Kubernetes manifests and training jobs.");
        root.Subcommands.Add(GenerateCommand.Create(output, error));
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(DiffCommand.Create(output, error));
        root.Subcommands.Add(SecretsCommand.Create(output, error));
        root.Subcommands.Add(ApplyCommand.Create(output, error));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"{ErrorCodes.InvalidOption}: {Messages.OneLine(parseError.Message, KubeAiException.MaxMessageLength)}");
            }

            // diff's exit code 1 means "different": its usage errors are trouble (2), as diff(1) does.
            return parse.CommandResult.Command.Name == "diff" ? DiffCommand.Trouble : UserError;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>Runs a command body, turning KubeAi errors into one line and anything else into exit 2.</summary>
    internal static int Guard(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (KubeAiException ex)
        {
            error.WriteLine(ex.ToDisplayString());
            return UserError;
        }
        catch (Exception ex)
        {
            error.WriteLine(InternalErrors.Wrap(ex, "running kubeai").ToDisplayString());
            return InternalError;
        }
    }

    /// <summary>Parses repeated <c>KEY=VALUE</c> options into a dictionary; the key names the option in errors.</summary>
    internal static Dictionary<string, string> ParsePairs(IEnumerable<string>? values, string option)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=');
            if (equals <= 0)
            {
                // The entry is not quoted: what was typed may be a value, and values may be secrets.
                throw new KubeAiException(ErrorCodes.InvalidOption, $"an entry of {value.Length} characters has no NAME before '=' (it is not shown: it may hold a value); each must have the form NAME=VALUE", option);
            }

            var key = value[..equals];
            if (!result.TryAdd(key, value[(equals + 1)..]))
            {
                throw new KubeAiException(ErrorCodes.InvalidOption, $"'{key}' is given twice", option);
            }
        }

        return result;
    }
}
