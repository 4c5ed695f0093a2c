using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using KubeAi.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeAi.Hosting.Tests;

/// <summary>
/// The Aspire path of the secret-leak check: secret values given the ways app hosts give them (configuration
/// keys, a value in code, a connection string in configuration, Aspire's generated passwords, values derived
/// from them through references) never reach a file of the <c>kubeai-kubernetes</c> step or a log line.
/// </summary>
public sealed class SecretLeakHostingTests
{
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._lines)
                {
                    owner._lines.Add($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }

    [Fact]
    public async Task No_secret_value_given_to_the_app_host_reaches_the_tree_or_a_log()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-hosting-leaks");
        var logs = new CapturingLoggerProvider();
        await AppModelHarness.RunStepAsync("kubeai-kubernetes", output, builder =>
        {
            builder.Services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            builder.Configuration["Parameters:db-password"] = SecretLeaks.Values.AppSettings;
            builder.Configuration["ConnectionStrings:warehouse"] = $"Server=w;Password={SecretLeaks.Values.LiteralConnectionString}";
            builder.AddKubeAiEnvironment("k8s");
            var dbPassword = builder.AddParameter("db-password", secret: true);
            var signingKey = builder.AddParameter("signing-key", SecretLeaks.Values.LiteralValue, secret: true);
            var warehouse = builder.AddConnectionString("warehouse");
            var postgres = builder.AddPostgres("postgres", password: dbPassword).AddDatabase("catalog");
            var cache = builder.AddRedis("cache");
            builder.AddProject("api", AppModelHarness.ApiProject, launchProfileName: null)
                .WithHttpEndpoint(targetPort: 8080, name: "http")
                .WithEnvironment("SIGNING_KEY", signingKey)
                .WithEnvironment(context => context.EnvironmentVariables["DB_URL"] = ReferenceExpression.Create($"postgres://postgres:{dbPassword}@db/catalog"))
                .WithArgs(context => context.Args.Add(ReferenceExpression.Create($"--signing-key={signingKey}")))
                .WithReference(postgres).WithReference(cache).WithReference(warehouse);
        });

        Assert.True(File.Exists(Path.Combine(output, "base", "kustomization.yaml")), string.Join('\n', logs.Lines));
        var template = File.ReadAllText(Path.Combine(output, "base", "secrets.env.template"));
        Assert.Contains("db-password=", template, StringComparison.Ordinal);
        Assert.Contains("signing-key=", template, StringComparison.Ordinal);
        Assert.Contains("warehouse=", template, StringComparison.Ordinal);

        Assert.Contains(logs.Lines, l => l.Contains("manifests in", StringComparison.Ordinal));
        var findings = SecretLeaks.Scan(SecretLeaks.Values.All, [output], logs.Lines.Select((l, i) => ($"log line {i}", l)));
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }
}
