using System.Text.Json;
using System.Text.Json.Serialization;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>Requests or limits of one side (cpu, memory); a null field keeps the base's value.</summary>
public sealed record QuantityPair
{
    public string? Cpu { get; init; }
    public string? Memory { get; init; }
}

/// <summary>Requests and limits an environment gives a workload; what is left out keeps the base's value.</summary>
public sealed record ResourceOverride
{
    public QuantityPair? Requests { get; init; }
    public QuantityPair? Limits { get; init; }
}

/// <summary>What one environment changes for one workload.</summary>
public sealed record WorkloadOverride
{
    /// <summary>The replica count of the workload's Deployment or StatefulSet.</summary>
    public int? Replicas { get; init; }

    /// <summary>Requests and limits of the workload's main container.</summary>
    public ResourceOverride? Resources { get; init; }

    /// <summary>The image tag of this workload only (wins over the environment's <see cref="DeliveryEnvironment.ImageTag"/>).</summary>
    public string? ImageTag { get; init; }
}

/// <summary>
/// One deployment environment (dev, staging, prod): what its kustomize overlay
/// (<c>overlays/&lt;name&gt;/kustomization.yaml</c>) and Helm values file (<c>values-&lt;name&gt;.yaml</c>)
/// change against the base. The same JSON shape is the <c>environments</c> field of
/// <c>kubeai.environment.v0</c>, the <c>kubeai.environments.json</c> file and the publish options
/// (docs/environments.md), so there is one reader and one set of rules.
/// </summary>
public sealed record DeliveryEnvironment
{
    /// <summary>The namespace every object of this environment goes to.</summary>
    public string? Namespace { get; init; }

    /// <summary>The tag of every image KubeAi builds (project resources); replaces the base's digest-pinned reference.</summary>
    public string? ImageTag { get; init; }

    /// <summary>Per-workload changes, by resource name.</summary>
    public SortedDictionary<string, WorkloadOverride>? Workloads { get; init; }
}

/// <summary>Reads, checks and writes environments in their one JSON shape.</summary>
public static class DeliveryEnvironments
{
    /// <summary>The file an app host (or the CLI's <c>--environments</c>) describes environments in.</summary>
    public const string FileName = "kubeai.environments.json";

    /// <summary>Camel-case keys, unset values left out, unknown keys rejected.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>Reads an environments object (name → environment) and checks every value.</summary>
    public static SortedDictionary<string, DeliveryEnvironment> Read(JsonElement element, string origin)
    {
        SortedDictionary<string, DeliveryEnvironment>? environments;
        try
        {
            environments = element.Deserialize<SortedDictionary<string, DeliveryEnvironment>>(Json);
        }
        catch (JsonException ex)
        {
            throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, $"the environments do not have the documented shape: {ex.Message}", origin);
        }

        return Check(environments ?? [], origin);
    }

    /// <summary>Reads a <c>kubeai.environments.json</c> file.</summary>
    public static SortedDictionary<string, DeliveryEnvironment> ReadFile(string path)
    {
        var text = InputFiles.ReadText(path, "environments file");

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            return Read(document.RootElement, path);
        }
        catch (JsonException ex)
        {
            throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, $"the environments file is not valid JSON: {Messages.OneLine(ex.Message, 200)}", path);
        }
    }

    /// <summary>Writes environments as the contract's JSON value (deterministic: sorted names).</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, DeliveryEnvironment> environments) =>
        JsonSerializer.Serialize(writer, new SortedDictionary<string, DeliveryEnvironment>(environments.ToDictionary(), StringComparer.Ordinal), Json);

    /// <summary>
    /// Each environment of <paramref name="first"/> and <paramref name="second"/>; an environment named in
    /// both comes from <paramref name="first"/> whole (the caller's definition replaces the app host's).
    /// </summary>
    public static SortedDictionary<string, DeliveryEnvironment> Merge(IReadOnlyDictionary<string, DeliveryEnvironment>? first, IReadOnlyDictionary<string, DeliveryEnvironment>? second)
    {
        var merged = new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal);
        foreach (var (name, environment) in second ?? new Dictionary<string, DeliveryEnvironment>())
        {
            merged[name] = environment;
        }

        foreach (var (name, environment) in first ?? new Dictionary<string, DeliveryEnvironment>())
        {
            merged[name] = environment;
        }

        return merged;
    }

    /// <summary>Checks names and values; the first problem is a coded error naming where it is.</summary>
    public static SortedDictionary<string, DeliveryEnvironment> Check(IReadOnlyDictionary<string, DeliveryEnvironment> environments, string origin)
    {
        var checkedEnvironments = new SortedDictionary<string, DeliveryEnvironment>(StringComparer.Ordinal);
        foreach (var (name, environment) in environments)
        {
            var at = $"{origin}.{name}";
            if (!KubernetesNames.IsDnsLabel(name))
            {
                throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, $"environment name '{Escape(name)}' must be a DNS label (lowercase letters, digits, '-'; it becomes the folder overlays/<name>)", origin);
            }

            if (environment is null)
            {
                throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, "an environment must be a JSON object", at);
            }

            if (environment.Namespace is { } ns)
            {
                KubernetesValues.RequireNamespace(ns, $"{at}.namespace");
            }

            RequireTag(environment.ImageTag, $"{at}.imageTag");
            foreach (var (workload, change) in environment.Workloads ?? [])
            {
                var w = $"{at}.workloads.{workload}";
                if (change is null)
                {
                    throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, "a workload change must be a JSON object", w);
                }

                if (change.Replicas is < 0 or > 10_000)
                {
                    throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, $"replicas {change.Replicas} is out of range: it must be between 0 and 10000", $"{w}.replicas");
                }

                RequireTag(change.ImageTag, $"{w}.imageTag");
                foreach (var (pair, side) in new[] { (change.Resources?.Requests, "requests"), (change.Resources?.Limits, "limits") })
                {
                    if (pair?.Cpu is { } cpu)
                    {
                        Quantities.Require(cpu, $"{side}.cpu", $"{w}.resources.{side}.cpu");
                    }

                    if (pair?.Memory is { } memory)
                    {
                        Quantities.Require(memory, $"{side}.memory", $"{w}.resources.{side}.memory");
                    }
                }
            }

            checkedEnvironments[name] = environment;
        }

        return checkedEnvironments;
    }

    /// <summary>An image tag as the registry API allows it: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.</summary>
    public static bool IsImageTag(string tag) =>
        tag.Length is > 0 and <= 128 && (char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_') && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static void RequireTag(string? tag, string origin)
    {
        if (tag is not null && !IsImageTag(tag))
        {
            throw new KubeAiException(ErrorCodes.InvalidEnvironmentDefinition, $"'{Escape(tag)}' is not an image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')", origin);
        }
    }

    /// <summary>Shows control characters and quotes of an offending value as escapes, so one error stays one line.</summary>
    public static string Escape(string value) =>
        JsonEncodedText.Encode(value.Length > 200 ? value[..200] + "…" : value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
