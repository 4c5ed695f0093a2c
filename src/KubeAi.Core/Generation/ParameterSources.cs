using System.Text.Json;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>
/// Finds values for non-secret parameters the way Aspire does: values given explicitly first,
/// then <c>Parameters__NAME</c> environment variables, then the <c>Parameters</c> section of the
/// app host's appsettings.json. Secret parameters are never read from anywhere.
/// </summary>
public static class ParameterSources
{
    public static Dictionary<string, string> Collect(
        AppManifest manifest,
        IReadOnlyDictionary<string, string> explicitValues,
        Func<string, string?> environment,
        IReadOnlyDictionary<string, string>? appSettings = null)
    {
        var values = new Dictionary<string, string>(explicitValues, StringComparer.Ordinal);
        foreach (var parameter in manifest.Resources.Where(IsPlainParameter))
        {
            if (values.ContainsKey(parameter.Name))
            {
                continue;
            }

            if (environment($"Parameters__{parameter.Name}") is { } fromEnvironment)
            {
                values[parameter.Name] = fromEnvironment;
            }
            else if (appSettings is not null && appSettings.TryGetValue(parameter.Name, out var fromSettings))
            {
                values[parameter.Name] = fromSettings;
            }
        }

        return values;
    }

    /// <summary>A parameter whose value may be written into a manifest.</summary>
    public static bool IsPlainParameter(AppResource resource) =>
        resource.Kind == ResourceKind.Parameter && !resource.IsSecretParameter;

    /// <summary>The string values of the <c>Parameters</c> section of an appsettings.json; empty when the file is absent.</summary>
    public static IReadOnlyDictionary<string, string> ReadAppSettings(string file)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(file))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(InputFiles.ReadText(file, "appsettings file"), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Parameters", out var parameters)
                && parameters.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in parameters.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    result[property.Name] = property.Value.GetString()!;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new KubeAiException(ErrorCodes.InvalidBuildSetting, $"appsettings.json is not valid JSON: {ex.Message}", file);
        }

        return result;
    }
}
