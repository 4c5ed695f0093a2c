using System.Text;
using System.Text.Json;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>
/// The app model of one project published without Aspire: what an app host would have written
/// for <c>AddProject(...).WithHttpEndpoint(targetPort: port).WithReplicas(n)</c>.
/// </summary>
public static class SingleProjectManifest
{
    public static AppManifest Create(string resourceName, string projectPath, int port, int replicas, string origin)
    {
        if (port is <= 0 or > 65535)
        {
            throw new KubeAiException(ErrorCodes.InvalidFieldValue, $"port {port} is not a port number (1-65535)", origin);
        }

        if (replicas < 0)
        {
            throw new KubeAiException(ErrorCodes.InvalidFieldValue, $"replicas {replicas} is not a whole number of at least 0", origin);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("resources");
            json.WriteStartObject(resourceName);
            json.WriteString("type", "project.v1");
            json.WriteString("path", projectPath);
            json.WriteStartObject("deployment");
            json.WriteNumber("replicas", replicas);
            json.WriteEndObject();
            json.WriteStartObject("env");
            json.WriteString("HTTP_PORTS", $"{{{resourceName}.bindings.http.targetPort}}");
            json.WriteEndObject();
            json.WriteStartObject("bindings");
            json.WriteStartObject("http");
            json.WriteString("scheme", "http");
            json.WriteString("protocol", "tcp");
            json.WriteString("transport", "http");
            json.WriteNumber("targetPort", port);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return ManifestReader.Read(Encoding.UTF8.GetString(buffer.ToArray()), origin);
    }
}
