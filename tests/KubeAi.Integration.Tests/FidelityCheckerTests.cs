using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>The fidelity checker finds what a generator could lose: each case breaks one thing of a faithful translation.</summary>
public sealed class FidelityCheckerTests
{
    private const string Manifest = """
        {
          "resources": {
            "api-key": { "type": "parameter.v0", "value": "{api-key.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
            "flags": { "type": "parameter.v0", "value": "{flags.inputs.value}", "inputs": { "value": { "type": "string" } } },
            "db": {
              "type": "container.v0", "image": "postgres:17.2", "entrypoint": "docker-entrypoint.sh",
              "connectionString": "Host={db.bindings.tcp.host};Port={db.bindings.tcp.port};Password={api-key.value}",
              "volumes": [ { "name": "data", "target": "/var/lib/postgresql/data", "readOnly": false } ],
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432 } }
            },
            "api": {
              "type": "project.v0", "path": "Api.csproj",
              "args": [ "--db", "{db.bindings.tcp.host}" ],
              "env": {
                "HTTP_PORTS": "{api.bindings.http.targetPort}",
                "LOG_LEVEL": "Information",
                "ConnectionStrings__db": "{db.connectionString}",
                "API_KEY": "{api-key.value}",
                "FLAGS": "{flags.value}",
                "DB_URL": "{db.bindings.tcp.url}",
                "SELF_URL": "{api.bindings.https.url}"
              },
              "bindings": {
                "http": { "scheme": "http", "protocol": "tcp", "transport": "http" },
                "https": { "scheme": "https", "protocol": "tcp", "transport": "http" }
              }
            }
          }
        }
        """;

    private const string Faithful = """
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: api-config }
        data: { LOG_LEVEL: Information, HTTP_PORTS: "8080", FLAGS: test-value }
        ---
        apiVersion: v1
        kind: Secret
        metadata: { name: app-secrets }
        data: { api-key: dGVzdC12YWx1ZQ== }
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: api }
        spec:
          template:
            spec:
              containers:
              - name: api
                image: registry/api:1.0.0
                args: [ --db, db ]
                envFrom: [ { configMapRef: { name: api-config } } ]
                env:
                - { name: KUBEAI_SECRET_API_KEY, valueFrom: { secretKeyRef: { name: app-secrets, key: api-key } } }
                - { name: ConnectionStrings__db, value: "Host=db;Port=5432;Password=$(KUBEAI_SECRET_API_KEY)" }
                - { name: API_KEY, valueFrom: { secretKeyRef: { name: app-secrets, key: api-key } } }
                - { name: DB_URL, value: "tcp://db:5432" }
                - { name: SELF_URL, value: "http://api:8080" }
                ports: [ { name: http, containerPort: 8080 } ]
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: api }
        spec: { ports: [ { name: http, port: 8080, targetPort: http } ] }
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: { name: db }
        spec:
          volumeClaimTemplates: [ { metadata: { name: data } } ]
          template:
            spec:
              containers:
              - name: db
                image: postgres:17.2
                command: [ docker-entrypoint.sh ]
                volumeMounts: [ { name: data, mountPath: /var/lib/postgresql/data } ]
                ports: [ { name: tcp, containerPort: 5432 } ]
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: db }
        spec: { ports: [ { name: tcp, port: 5432, targetPort: 5432 } ] }
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: api }
        spec:
          podSelector: { matchLabels: { app.kubernetes.io/name: api } }
          egress: [ { to: [ { podSelector: { matchLabels: { app.kubernetes.io/name: db } } } ] } ]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: { name: db }
        spec:
          podSelector: { matchLabels: { app.kubernetes.io/name: db } }
          ingress: [ { from: [ { podSelector: { matchLabels: { app.kubernetes.io/name: api } } } ] } ]
        """;

    private static IReadOnlyList<string> Check(string rendered, string manifestJson = Manifest)
    {
        var manifest = Path.Combine(RepoPaths.NewTempDirectory("kubeai-fidelity"), "aspire-manifest.json");
        File.WriteAllText(manifest, manifestJson);
        return FidelityChecker.Check(manifest, rendered);
    }

    [Fact]
    public void An_external_resource_must_not_be_deployed_and_references_to_it_must_be_secret_inputs()
    {
        var external = Manifest.Replace("\"resources\": {", "\"resources\": { \"k8s\": { \"type\": \"kubeai.environment.v0\", \"external\": [ \"db\" ] },", StringComparison.Ordinal);

        var findings = Check(Faithful, external);

        Assert.Contains(findings, f => f.StartsWith("db is external, but StatefulSet/db was generated", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("api: env DB_URL is 'tcp://db:5432'", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Contains("no NetworkPolicy lets", StringComparison.Ordinal));
    }

    [Fact]
    public void A_faithful_translation_has_no_finding() => Assert.Empty(Check(Faithful));

    [Theory]
    [InlineData("LOG_LEVEL: Information, ", "", "api: env LOG_LEVEL is missing")]
    [InlineData("LOG_LEVEL: Information", "LOG_LEVEL: Debug", "api: env LOG_LEVEL is 'Debug'")]
    [InlineData("{ name: API_KEY, valueFrom: { secretKeyRef: { name: app-secrets, key: api-key } } }", "{ name: API_KEY, value: hunter2 }", "api: env API_KEY is 'hunter2'")]
    [InlineData("Port=5432;Password", "Port=5433;Password", "api: env ConnectionStrings__db")]
    [InlineData("value: \"tcp://db:5432\"", "value: \"\"", "api: env DB_URL is ''")]
    [InlineData("FLAGS: test-value", "FLAGS: \"\"", "api: env FLAGS")]
    [InlineData("ports: [ { name: http, containerPort: 8080 } ]", "ports: [ { name: http, containerPort: 80 } ]", "api: binding 'http' has no container port 8080")]
    [InlineData("{ name: tcp, port: 5432, targetPort: 5432 }", "{ name: tcp, port: 15432, targetPort: 5432 }", "db: binding 'tcp' has no Service port 5432")]
    [InlineData("volumeClaimTemplates: [ { metadata: { name: data } } ]", "volumeClaimTemplates: []", "db: volume 'data' at /var/lib/postgresql/data is not backed by a claim")]
    [InlineData("args: [ --db, db ]", "args: [ --db, localhost ]", "api: args are")]
    [InlineData("ingress: [ { from: [ { podSelector: { matchLabels: { app.kubernetes.io/name: api } } } ] } ]", "ingress: []", "no NetworkPolicy lets api into db")]
    [InlineData("kind: StatefulSet", "kind: ReplicaSet", "db: no workload object")]
    [InlineData("value: \"http://api:8080\"", "value: \"https://api:8443\"", "api: env SELF_URL is 'https://api:8443'")]
    [InlineData("ports: [ { name: http, containerPort: 8080 } ]", "ports: [ { name: http, containerPort: 8080 }, { name: https, containerPort: 8443 } ]", "api: https binding 'https' has no certificate, yet container port 8443 is advertised")]
    [InlineData("command: [ docker-entrypoint.sh ]", "command: []", "db: command is [], expected the entrypoint")]
    public void A_lost_or_changed_value_is_found(string faithful, string broken, string finding)
    {
        Assert.Contains(faithful, Faithful, StringComparison.Ordinal);

        var findings = Check(Faithful.Replace(faithful, broken, StringComparison.Ordinal));

        Assert.Contains(findings, f => f.Contains(finding, StringComparison.Ordinal));
    }
}
