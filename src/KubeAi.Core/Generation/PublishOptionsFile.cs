using System.Text.Json;
using System.Text.Json.Serialization;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation;

/// <summary>
/// The named inputs of a generation (every value a caller gives beyond the manifest), and the one place
/// <see cref="GeneratorOptions"/> is built from them (<see cref="ToGeneratorOptions"/>): the CLI fills them from its
/// options, KubeAi.Build from MSBuild properties and items, an app host's publish step from this file.
/// They are also the options <c>dotnet publish</c> (KubeAi.Build) hands to an app host's <c>kubeai-kubernetes</c>
/// publish step, as a JSON file named by <see cref="OptionsFileVariable"/>; the images it built go in
/// a second file named by <see cref="ImagesFileVariable"/> (resource → pinned image). Both sides use
/// this one type, so the format cannot drift. Unknown keys are errors.
/// </summary>
public sealed record PublishOptionsFile
{
    public const string OptionsFileVariable = "KUBEAI_OPTIONS_FILE";
    public const string ImagesFileVariable = "KUBEAI_IMAGES_FILE";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public string? ApplicationName { get; init; }
    public string? Namespace { get; init; }
    public string? Registry { get; init; }
    public string? Tag { get; init; }
    public bool? SkipUnknown { get; init; }
    public ResourceDefaults? Resources { get; init; }
    public string? VolumeSize { get; init; }
    public SortedDictionary<string, string>? Parameters { get; init; }
    public List<string>? WritableRootFilesystem { get; init; }
    public bool? StrictParameters { get; init; }
    public List<string>? ExternalResources { get; init; }
    public List<string>? EphemeralStorage { get; init; }

    /// <summary>The target Kubernetes version (<c>KubeAiKubernetesVersion</c>).</summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>Model artifacts the build pushed: resource → pinned reference.</summary>
    public SortedDictionary<string, string>? ModelImages { get; init; }

    /// <summary>Deployment environments from MSBuild (<c>KubeAiEnvironment</c> items, <c>kubeai.environments.json</c>); same shape as the contract's.</summary>
    public SortedDictionary<string, AppModel.DeliveryEnvironment>? Environments { get; init; }

    /// <summary>The one environment to write (<c>KubeAiEnvironment</c> property); null writes all.</summary>
    public string? Environment { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<OutputFormat>))]
    public OutputFormat? Format { get; init; }

    /// <summary>Reads the file at <paramref name="path"/>; no path means no options.</summary>
    public static PublishOptionsFile Read(string? path) =>
        string.IsNullOrEmpty(path) ? new PublishOptionsFile() : Deserialize<PublishOptionsFile>(path);

    public static IReadOnlyDictionary<string, string> ReadImages(string? path) =>
        string.IsNullOrEmpty(path) ? new Dictionary<string, string>() : Deserialize<SortedDictionary<string, string>>(path);

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));

    public static void WriteImages(string path, IReadOnlyDictionary<string, string> images) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new SortedDictionary<string, string>(images.ToDictionary(), StringComparer.Ordinal), s_json));

    /// <summary>
    /// The generator options these stand for. Values left out here come from the manifest's KubeAi
    /// environment, then KubeAi's defaults; non-secret parameters also from <paramref name="configuration"/>
    /// (<c>Parameters__NAME</c> keys), as Aspire resolves them, and from <paramref name="appSettings"/>.
    /// </summary>
    public GeneratorOptions ToGeneratorOptions(AppModel.AppManifest manifest, string appHostName, IReadOnlyDictionary<string, string> images, Func<string, string?> configuration, IReadOnlyDictionary<string, string>? appSettings = null) => new()
    {
        ApplicationName = ApplicationName ?? AppModel.ApplicationName.FromAppHost(appHostName),
        Namespace = Namespace,
        Registry = Registry,
        Tag = Tag,
        Images = images,
        ParameterValues = ParameterSources.Collect(manifest, Parameters ?? [], configuration, appSettings),
        SkipUnknownResources = SkipUnknown ?? false,
        Resources = Resources,
        VolumeSize = VolumeSize,
        WritableRootFilesystem = (WritableRootFilesystem ?? []).ToHashSet(StringComparer.Ordinal),
        StrictParameters = StrictParameters ?? false,
        ExternalResources = (ExternalResources ?? []).ToHashSet(StringComparer.Ordinal),
        EphemeralStorage = (EphemeralStorage ?? []).ToHashSet(StringComparer.Ordinal),
        Format = Format ?? OutputFormat.Kustomize,
        KubernetesVersion = KubernetesVersion,
        ModelImages = ModelImages ?? [],
        Environments = Environments,
        Environment = Environment,
    };

    private static T Deserialize<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), s_json)
                ?? throw new KubeAiException(ErrorCodes.InvalidBuildSetting, "the file holds null", path);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            throw new KubeAiException(ErrorCodes.InvalidBuildSetting, $"cannot read KubeAi's publish options: {ex.Message}", path);
        }
    }
}
