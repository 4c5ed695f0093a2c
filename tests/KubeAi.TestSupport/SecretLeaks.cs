using System.Text;

namespace KubeAi.TestSupport;

/// <summary>
/// The secret-leak check every publish path runs: an app model that carries distinctive secret values through
/// every input channel KubeAi has, and a scan of every file and every line of output for those values in plain,
/// base64 (at any alignment inside a longer base64 text) and URL-encoded form.
/// </summary>
public static class SecretLeaks
{
    /// <summary>
    /// One distinctive value per channel, so a finding names the channel it came through. Each looks like a real
    /// secret (mixed case, digits, a '+', a '/' and a '=' so URL- and base64-encoding both change it).
    /// </summary>
    public static class Values
    {
        public const string SecretDefault = "Sd7+Kq/w9=DefaultOfSecretInput";
        public const string StringFlagDefault = "Sf3+Zt/x1=DefaultOfStringFlagged";
        public const string LiteralValue = "Lv5+Pm/r2=LiteralValueOfSecretParam";
        public const string LiteralConnectionString = "Lc8+Hn/q4=LiteralConnStrOfSecretParam";
        public const string CliParameter = "Cp2+Wd/e6=GivenOnTheCommandLine";
        public const string CliMalformedPair = "Cm4+Jy/u8=TypedWithoutAName";
        public const string EnvironmentVariable = "Ev6+Rb/i3=FromParametersEnvVar";
        public const string AppSettings = "As9+Gc/o5=FromAppSettingsJson";
        public const string SecretsEnvFile = "Se1+Tv/p7=WrittenByTheUserIntoSecretsEnv";
        public const string BrokenExpression = "Bx3+Nf/a9=InsideABrokenExpression";

        public static IReadOnlyList<string> All { get; } =
        [
            SecretDefault, StringFlagDefault, LiteralValue, LiteralConnectionString, CliParameter, CliMalformedPair,
            EnvironmentVariable, AppSettings, SecretsEnvFile, BrokenExpression,
        ];
    }

    /// <summary>
    /// An Aspire manifest whose secrets arrive as: a secret input's default, a <c>"secret": "true"</c> string flag,
    /// a literal value and a literal connection string on secret parameters, and everything derived from them
    /// (a value.v0 connection string, a URI-encoded annotated string, env values, args, a URL with a password).
    /// </summary>
    public const string Manifest = $$"""
        {
          "resources": {
            "db-password": {
              "type": "parameter.v0",
              "value": "{db-password.inputs.value}",
              "inputs": { "value": { "type": "string", "secret": true, "default": { "value": "{{Values.SecretDefault}}" } } }
            },
            "api-token": {
              "type": "parameter.v0",
              "value": "{api-token.inputs.value}",
              "inputs": { "value": { "type": "string", "secret": "true", "default": { "value": "{{Values.StringFlagDefault}}" } } }
            },
            "signing-key": {
              "type": "parameter.v0",
              "value": "{{Values.LiteralValue}}",
              "inputs": { "value": { "type": "string", "secret": true } }
            },
            "warehouse": {
              "type": "parameter.v0",
              "connectionString": "Server=warehouse.example.com;User Id=etl;Password={{Values.LiteralConnectionString}}",
              "value": "{warehouse.inputs.value}",
              "inputs": { "value": { "type": "string", "secret": true } }
            },
            "log-level": {
              "type": "parameter.v0",
              "value": "{log-level.inputs.value}",
              "inputs": { "value": { "type": "string", "default": { "value": "Information" } } }
            },
            "db": {
              "type": "container.v0",
              "image": "docker.io/library/postgres:17.6",
              "env": { "POSTGRES_PASSWORD": "{db-password.value}" },
              "volumes": [ { "name": "db-data", "target": "/var/lib/postgresql/data", "readOnly": false } ],
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432 } }
            },
            "catalog": {
              "type": "value.v0",
              "connectionString": "Host={db.bindings.tcp.host};Port={db.bindings.tcp.port};Username=postgres;Password={db-password.value}"
            },
            "token-uri": {
              "type": "annotated.string",
              "value": "{api-token.value}",
              "filter": "uri"
            },
            "api": {
              "type": "container.v0",
              "image": "registry.example.com/api:1.0.0",
              "args": [ "--signing-key={signing-key.value}", "--token={api-token.value}" ],
              "env": {
                "ConnectionStrings__catalog": "{catalog.connectionString}",
                "ConnectionStrings__warehouse": "{warehouse.connectionString}",
                "API_TOKEN": "{api-token.value}",
                "TOKEN_IN_URL": "https://hooks.example.com/notify?token={token-uri.value}",
                "SIGNING_KEY": "{signing-key.value}",
                "DB_URL": "postgres://postgres:{db-password.value}@{db.bindings.tcp.host}:{db.bindings.tcp.port}/catalog",
                "Logging__LogLevel__Default": "{log-level.value}"
              },
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8080, "external": true } }
            }
          }
        }
        """;

    /// <summary>A manifest whose secret parameter's literal value is a broken expression: the run fails, the message hides the text.</summary>
    public const string BrokenExpressionManifest = $$"""
        {
          "resources": {
            "signing-key": {
              "type": "parameter.v0",
              "value": "{{Values.BrokenExpression}}{signing-key.inputs",
              "inputs": { "value": { "type": "string", "secret": true } }
            },
            "api": {
              "type": "container.v0",
              "image": "registry.example.com/api:1.0.0",
              "env": { "SIGNING_KEY": "{signing-key.value}" }
            }
          }
        }
        """;

    /// <summary>Every form of <paramref name="secret"/> that would betray it: plain, URL-encoded, base64 at each alignment.</summary>
    public static IEnumerable<(string Form, string Text)> Forms(string secret)
    {
        yield return ("plain", secret);
        yield return ("url-encoded", Uri.EscapeDataString(secret));
        yield return ("form-encoded", System.Net.WebUtility.UrlEncode(secret));
        var bytes = Encoding.UTF8.GetBytes(secret);
        for (var offset = 0; offset < 3; offset++)
        {
            // The secret inside a longer base64 text starts at any byte offset; keep the characters that depend
            // on its bytes alone (drop the first ones mixed with the preceding bytes and a partial last group).
            var padded = new byte[offset + bytes.Length];
            bytes.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded);
            var start = offset switch { 0 => 0, 1 => 2, _ => 3 };
            var end = (offset + bytes.Length) / 3 * 4;
            if (end - start >= 16)
            {
                yield return ($"base64+{offset}", encoded[start..end]);
            }
        }
    }

    /// <summary>
    /// Every finding of any of <paramref name="secrets"/> in the files under <paramref name="directories"/> (except
    /// the files named in <paramref name="userFiles"/>, which the user wrote) and in <paramref name="outputs"/>.
    /// </summary>
    public static List<string> Scan(IEnumerable<string> secrets, IEnumerable<string> directories, IEnumerable<(string Name, string Text)> outputs, params string[] userFiles)
    {
        var sources = new List<(string Name, string Text)>(outputs);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!userFiles.Contains(Path.GetFileName(file)))
                {
                    sources.Add((file, File.ReadAllText(file)));
                }
            }
        }

        var findings = new List<string>();
        foreach (var secret in secrets)
        {
            foreach (var (form, text) in Forms(secret))
            {
                foreach (var (name, content) in sources.Where(s => s.Text.Contains(text, StringComparison.Ordinal)))
                {
                    findings.Add($"{secret} ({form}) in {name}");
                }
            }
        }

        return findings;
    }
}
