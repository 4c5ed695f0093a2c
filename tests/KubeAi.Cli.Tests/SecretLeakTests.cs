using KubeAi.TestSupport;

namespace KubeAi.Cli.Tests;

/// <summary>
/// No secret value reaches a generated file, stdout, stderr or a log file, through any input channel of the
/// CLI: secret defaults, a <c>"secret": "true"</c> flag, literal values and connection strings of secret
/// parameters, values derived from them, <c>--parameter</c>, <c>Parameters__NAME</c>, a malformed option,
/// a broken expression, and the user's own <c>secrets.env</c> (read back by <c>kubeai secrets</c>).
/// Each run is the real <c>kubeai</c> process.
/// </summary>
public sealed class SecretLeakTests
{
    [Fact]
    public void No_secret_value_reaches_a_file_an_output_or_a_log_through_any_channel()
    {
        var work = RepoPaths.NewTempDirectory("kubeai-leaks");
        var logs = Path.Combine(work, "logs");
        var manifest = Path.Combine(work, "aspire-manifest.json");
        File.WriteAllText(manifest, SecretLeaks.Manifest);
        var broken = Path.Combine(work, "broken.json");
        File.WriteAllText(broken, SecretLeaks.BrokenExpressionManifest);
        var output = Path.Combine(work, "out");
        var environment = new Dictionary<string, string?>
        {
            ["KUBEAI_LOG_DIR"] = logs,
            ["Parameters__db-password"] = SecretLeaks.Values.EnvironmentVariable,
            ["Parameters__signing-key"] = SecretLeaks.Values.EnvironmentVariable,
        };
        var runs = new List<(string Name, CliRun Run)>();
        CliRun Kubeai(string name, params string[] args)
        {
            var run = CliHarness.AsProcess(args, environment);
            runs.Add((name, run));
            return run;
        }

        var first = Kubeai("generate", "generate", "-m", manifest, "-o", output, "--format", "both", "--parameter", "log-level=Debug");
        Assert.True(first.ExitCode == 0, first.StdErr);

        // The user fills secrets.env; a second run keeps it, and every command reads the tree with it present.
        File.WriteAllText(
            Path.Combine(output, "base", "secrets.env"),
            string.Concat(new[] { "db-password", "api-token", "signing-key", "warehouse.connectionString", "token-uri" }.Select(k => $"{k}={SecretLeaks.Values.SecretsEnvFile}\n")));
        var second = Kubeai("generate again", "generate", "-m", manifest, "-o", output, "--format", "both", "--parameter", "log-level=Debug");
        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.Contains(SecretLeaks.Values.SecretsEnvFile, File.ReadAllText(Path.Combine(output, "base", "secrets.env")), StringComparison.Ordinal);
        Assert.Equal(0, Kubeai("secrets", "secrets", output).ExitCode);
        Assert.Equal(0, Kubeai("validate", "validate", output).ExitCode);

        // Channels that must fail, naming the parameter or the option, never the value.
        var given = Kubeai("secret via --parameter", "generate", "-m", manifest, "-o", Path.Combine(work, "refused"), "--parameter", $"db-password={SecretLeaks.Values.CliParameter}");
        Assert.Contains("db-password", CliHarness.AssertOneCodedError(given, "KUBEAI1017"), StringComparison.Ordinal);
        var malformed = Kubeai("malformed --parameter", "generate", "-m", manifest, "-o", Path.Combine(work, "refused"), "--parameter", SecretLeaks.Values.CliMalformedPair.Replace("=", string.Empty, StringComparison.Ordinal));
        CliHarness.AssertOneCodedError(malformed, "KUBEAI3006");
        var brokenRun = Kubeai("broken expression", "generate", "-m", broken, "-o", Path.Combine(work, "refused"));
        Assert.Contains("secret parameter 'signing-key'", CliHarness.AssertOneCodedError(brokenRun, "KUBEAI1010"), StringComparison.Ordinal);

        // Every key is asked for by name in the template instead.
        var template = File.ReadAllText(Path.Combine(output, "base", "secrets.env.template"));
        foreach (var key in new[] { "db-password=", "api-token=", "signing-key=", "warehouse.connectionString=", "token-uri=" })
        {
            Assert.Contains(key, template, StringComparison.Ordinal);
        }

        var secrets = SecretLeaks.Values.All.Append(SecretLeaks.Values.CliMalformedPair.Replace("=", string.Empty, StringComparison.Ordinal));
        var outputs = runs.SelectMany(r => new[] { ($"{r.Name} stdout", r.Run.StdOut), ($"{r.Name} stderr", r.Run.StdErr) });
        var findings = SecretLeaks.Scan(secrets, [work], outputs, "secrets.env", Path.GetFileName(manifest), Path.GetFileName(broken));
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }
}
