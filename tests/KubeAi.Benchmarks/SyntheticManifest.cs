using System.Text;
using System.Text.Json;

namespace KubeAi.Benchmarks;

/// <summary>
/// A deterministic Aspire 13.x manifest of a given size, shaped like a real app host: per group of
/// ten resources a secret and a plain parameter, a database container with a named volume (a
/// StatefulSet), a <c>value.v0</c> connection string to it, a cache container, and five projects
/// that reference the database, the cache, the parameters and each other.
/// </summary>
public static class SyntheticManifest
{
    public const int GroupSize = 10;

    public static string Create(int resources)
    {
        if (resources <= 0 || resources % GroupSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(resources), resources, $"must be a positive multiple of {GroupSize}");
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/aspire-8.0.json");
            json.WriteStartObject("resources");
            for (var g = 0; g < resources / GroupSize; g++)
            {
                WriteGroup(json, g);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteGroup(Utf8JsonWriter json, int g)
    {
        var pw = $"db-password-{g}";
        var level = $"log-level-{g}";
        var db = $"db-{g}";
        var conn = $"appdb-{g}";
        var cache = $"cache-{g}";

        // 1. secret parameter
        json.WriteStartObject(pw);
        json.WriteString("type", "parameter.v0");
        json.WriteString("value", $"{{{pw}.inputs.value}}");
        json.WriteStartObject("inputs");
        json.WriteStartObject("value");
        json.WriteString("type", "string");
        json.WriteBoolean("secret", true);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();

        // 2. plain parameter with a default (appsettings-style)
        json.WriteStartObject(level);
        json.WriteString("type", "parameter.v0");
        json.WriteString("value", $"{{{level}.inputs.value}}");
        json.WriteStartObject("inputs");
        json.WriteStartObject("value");
        json.WriteString("type", "string");
        json.WriteStartObject("default");
        json.WriteString("value", g % 2 == 0 ? "Information" : "Warning");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();

        // 3. database container with a named volume -> StatefulSet
        json.WriteStartObject(db);
        json.WriteString("type", "container.v0");
        json.WriteString("connectionString", $"Host={{{db}.bindings.tcp.host}};Port={{{db}.bindings.tcp.port}};Username=postgres;Password={{{pw}.value}}");
        json.WriteString("image", "docker.io/library/postgres:18.3");
        json.WriteStartArray("volumes");
        json.WriteStartObject();
        json.WriteString("name", $"app-{g}-pgdata");
        json.WriteString("target", "/var/lib/postgresql");
        json.WriteBoolean("readOnly", false);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("env");
        json.WriteString("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
        json.WriteString("POSTGRES_USER", "postgres");
        json.WriteString("POSTGRES_PASSWORD", $"{{{pw}.value}}");
        json.WriteEndObject();
        WriteBinding(json, "tcp", "tcp", 5432, port: null);
        json.WriteEndObject();

        // 4. value.v0 connection string (AddDatabase)
        json.WriteStartObject(conn);
        json.WriteString("type", "value.v0");
        json.WriteString("connectionString", $"{{{db}.connectionString}};Database=appdb{g}");
        json.WriteEndObject();

        // 5. cache container without volumes -> Deployment
        json.WriteStartObject(cache);
        json.WriteString("type", "container.v0");
        json.WriteString("connectionString", $"{{{cache}.bindings.tcp.host}}:{{{cache}.bindings.tcp.port}}");
        json.WriteString("image", "docker.io/library/redis:8.6");
        json.WriteStartArray("args");
        json.WriteStringValue("--save");
        json.WriteStringValue("");
        json.WriteEndArray();
        WriteBinding(json, "tcp", "redis", 6379, port: null);
        json.WriteEndObject();

        // 6-10. projects with references
        for (var p = 0; p < 5; p++)
        {
            var name = $"svc-{g}-{p}";
            json.WriteStartObject(name);
            json.WriteString("type", "project.v0");
            json.WriteString("path", $"../src/Svc{g}.{p}/Svc{g}.{p}.csproj");
            json.WriteStartObject("env");
            json.WriteString("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
            json.WriteString("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
            json.WriteString("HTTP_PORTS", $"{{{name}.bindings.http.targetPort}}");
            json.WriteString("Logging__LogLevel__Default", $"{{{level}.value}}");
            json.WriteString($"ConnectionStrings__{conn}", $"{{{conn}.connectionString}}");
            json.WriteString($"ConnectionStrings__{cache}", $"{{{cache}.connectionString}}");
            json.WriteString("APPDB_HOST", $"{{{db}.bindings.tcp.host}}");
            json.WriteString("APPDB_PORT", $"{{{db}.bindings.tcp.port}}");
            json.WriteString("APPDB_PASSWORD", $"{{{pw}.value}}");
            if (p > 0)
            {
                var previous = $"svc-{g}-{p - 1}";
                json.WriteString($"services__{previous}__http__0", $"{{{previous}.bindings.http.url}}");
                json.WriteString($"services__{previous}__https__0", $"{{{previous}.bindings.https.url}}");
            }

            if (g > 0 && p == 0)
            {
                // One reference across groups, so resolution is not purely local.
                var upstream = $"svc-{g - 1}-4";
                json.WriteString($"services__{upstream}__http__0", $"{{{upstream}.bindings.http.url}}");
            }

            json.WriteEndObject();
            json.WriteStartObject("bindings");
            WriteBindingBody(json, "http", "http", "http", port: null, targetPort: null, external: p == 0);
            WriteBindingBody(json, "https", "https", "http", port: null, targetPort: null, external: false);
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    private static void WriteBinding(Utf8JsonWriter json, string name, string scheme, int targetPort, int? port)
    {
        json.WriteStartObject("bindings");
        WriteBindingBody(json, name, scheme, "tcp", port, targetPort, external: false);
        json.WriteEndObject();
    }

    private static void WriteBindingBody(Utf8JsonWriter json, string name, string scheme, string transport, int? port, int? targetPort, bool external)
    {
        json.WriteStartObject(name);
        json.WriteString("scheme", scheme);
        json.WriteString("protocol", "tcp");
        json.WriteString("transport", transport);
        if (port is { } p)
        {
            json.WriteNumber("port", p);
        }

        if (targetPort is { } t)
        {
            json.WriteNumber("targetPort", t);
        }

        if (external)
        {
            json.WriteBoolean("external", true);
        }

        json.WriteEndObject();
    }
}
