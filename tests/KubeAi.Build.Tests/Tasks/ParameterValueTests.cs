using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Tasks;

/// <summary>These tests set process environment variables, so nothing else may run beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>
/// Where GenerateKubernetesManifests finds parameter values: KubeAiParameter items, then
/// <c>Parameters__NAME</c>, then appsettings.json; and that secret values are never taken from any.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ParameterValueTests : IDisposable
{
    private const string SecretFromEnvironment = "env-secret-7f3c9a1e";
    private const string SecretFromSettings = "settings-secret-b8d2e640";

    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new();
    private readonly List<string> _variables = [];

    public void Dispose()
    {
        foreach (var name in _variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        _temp.Dispose();
    }

    private void SetEnvironment(string parameter, string value)
    {
        var name = $"Parameters__{parameter}";
        _variables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    private GenerateKubernetesManifests Task(string manifest) => new()
    {
        BuildEngine = _engine,
        ManifestPath = RepoPaths.Manifest(manifest),
        OutputPath = _temp.Combine("out"),
        ParameterDirectory = _temp.Combine("apphost"),
        Tag = "1.0.0",
    };

    /// <summary>The lines of the api's ConfigMap, where non-secret values land.</summary>
    private string[] ConfigMap() => File.ReadAllText(_temp.Combine("out", "base", "api", "configmap.yaml")).Split('\n');

    [Fact]
    public void Values_come_from_items_then_environment_then_appsettings()
    {
        _temp.Write("apphost/appsettings.json", """
            {
              // comments and trailing commas are allowed, as in Aspire's own configuration
              "Logging": { "LogLevel": { "Default": "Information" } },
              "Parameters": {
                "log-level": "FromSettings",
                "tenant": "tenant-from-settings",
                "replica-hint": "7",
              }
            }
            """);
        SetEnvironment("log-level", "FromEnvironment");
        SetEnvironment("tenant", "tenant-from-env");
        var task = Task("params");
        task.Parameters = [GenerateKubernetesManifestsTests.Parameter("log-level", "FromItem")];

        Assert.True(task.Execute(), _engine.Log);

        var configMap = ConfigMap();
        Assert.Contains("  LOG_LEVEL: FromItem", configMap);
        Assert.Contains("  TENANT: tenant-from-env", configMap);
        Assert.Contains("  REPLICA_HINT: \"7\"", configMap);
        Assert.Contains("  FROM_CALLBACK: computed-42", configMap);
    }

    [Fact]
    public void Environment_alone_supplies_missing_values()
    {
        SetEnvironment("log-level", "Debug");
        SetEnvironment("tenant", "fabrikam");

        var task = Task("params");

        Assert.True(task.Execute(), _engine.Log);
        Assert.Contains("  LOG_LEVEL: Debug", ConfigMap());
        Assert.Contains("  TENANT: fabrikam", ConfigMap());
    }

    [Fact]
    public void Appsettings_alone_supplies_missing_values()
    {
        _temp.Write("apphost/appsettings.json", """{ "Parameters": { "log-level": "Error", "tenant": "northwind" } }""");

        var task = Task("params");

        Assert.True(task.Execute(), _engine.Log);
        Assert.Contains("  LOG_LEVEL: Error", ConfigMap());
        Assert.Contains("  TENANT: northwind", ConfigMap());
    }

    [Fact]
    public void Secret_values_in_the_environment_or_appsettings_never_reach_a_generated_file()
    {
        string[] secrets = ["api-key", "from-config", "secret-with-value", "plain-cs", "generated-secret", "helper-password", "generated-pin"];
        var settings = string.Join(",\n", secrets.Select(s => $"    \"{s}\": \"{SecretFromSettings}-{s}\""));
        _temp.Write("apphost/appsettings.json", $$"""
            {
              "Parameters": {
                "log-level": "Warning",
                "tenant": "contoso",
            {{settings}}
              }
            }
            """);
        foreach (var secret in secrets)
        {
            SetEnvironment(secret, $"{SecretFromEnvironment}-{secret}");
        }

        var task = Task("params");

        Assert.True(task.Execute(), _engine.Log);
        var files = _temp.ReadTree("out");
        Assert.Contains("base/secrets.env.template", files.Keys);
        foreach (var (file, content) in files)
        {
            Assert.DoesNotContain(SecretFromEnvironment, content);
            Assert.DoesNotContain(SecretFromSettings, content);
        }

        Assert.DoesNotContain(_engine.Messages, m => m.Message.Contains(SecretFromEnvironment) || m.Message.Contains(SecretFromSettings));
        Assert.Contains("api-key=\n", files["base/secrets.env.template"]);
    }

    [Fact]
    public void Shop_rabbitmq_password_from_the_environment_stays_out_of_the_output()
    {
        SetEnvironment("rabbitmq-password", SecretFromEnvironment);
        _temp.Write("apphost/appsettings.json", $$"""{ "Parameters": { "rabbitmq-password": "{{SecretFromSettings}}" } }""");

        var task = Task("shop");

        Assert.True(task.Execute(), _engine.Log);
        foreach (var (file, content) in _temp.ReadTree("out"))
        {
            Assert.False(content.Contains(SecretFromEnvironment) || content.Contains(SecretFromSettings), $"{file} holds a secret value");
        }

        Assert.Contains("rabbitmq-password=\n", File.ReadAllText(_temp.Combine("out", "base", "secrets.env.template")));
    }
    [Fact]
    public void No_secret_value_of_the_leak_app_model_reaches_a_file_or_a_build_message()
    {
        // The shared leak model (TestSupport/SecretLeaks.cs) through the task: secret defaults, a string flag,
        // literal values and connection strings, derived values, plus appsettings.json and Parameters__NAME.
        _temp.Write("leaks/aspire-manifest.json", SecretLeaks.Manifest);
        _temp.Write("apphost/appsettings.json", $$"""{ "Parameters": { "db-password": "{{SecretLeaks.Values.AppSettings}}", "signing-key": "{{SecretLeaks.Values.AppSettings}}" } }""");
        SetEnvironment("db-password", SecretLeaks.Values.EnvironmentVariable);
        SetEnvironment("warehouse", SecretLeaks.Values.EnvironmentVariable);
        var task = Task("params");
        task.ManifestPath = _temp.Combine("leaks", "aspire-manifest.json");
        Assert.True(task.Execute(), _engine.Log);

        // A secret given as a KubeAiParameter item is refused by name; a broken expression in a secret's literal value too.
        var given = new FakeBuildEngine();
        var refused = Task("params");
        refused.BuildEngine = given;
        refused.ManifestPath = task.ManifestPath;
        refused.OutputPath = _temp.Combine("refused");
        refused.Parameters = [GenerateKubernetesManifestsTests.Parameter("db-password", SecretLeaks.Values.CliParameter)];
        Assert.False(refused.Execute());
        Assert.Contains(given.Errors, e => e.Code == "KUBEAI1017");

        _temp.Write("broken/aspire-manifest.json", SecretLeaks.BrokenExpressionManifest);
        var brokenEngine = new FakeBuildEngine();
        var broken = Task("params");
        broken.BuildEngine = brokenEngine;
        broken.ManifestPath = _temp.Combine("broken", "aspire-manifest.json");
        broken.OutputPath = _temp.Combine("refused");
        Assert.False(broken.Execute());
        Assert.Contains(brokenEngine.Errors, e => e.Code == "KUBEAI1010");

        var outputs = new[] { _engine, given, brokenEngine }.Select((e, i) => ($"build log {i}", e.Log));
        var findings = SecretLeaks.Scan(SecretLeaks.Values.All, [_temp.Combine("out"), _temp.Combine("refused")], outputs);
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }
}
