using KubeAi.Core.Output;
using KubeAi.Core;
using KubeAi.Core.AppModel;
using AppModel = KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using Microsoft.Build.Framework;

namespace KubeAi.Build;

/// <summary>
/// Writes the kustomize tree through KubeAi.Core, from an Aspire manifest or, for a single
/// project published without Aspire, from MSBuild properties; then prints the summary.
/// </summary>
public sealed class GenerateKubernetesManifests : Microsoft.Build.Utilities.Task
{
    /// <summary>The Aspire manifest; when empty, the single-project properties below are used.</summary>
    public string? ManifestPath { get; set; }

    public string? ResourceName { get; set; }
    public string? ProjectPath { get; set; }
    public int Port { get; set; } = 8080;
    public int Replicas { get; set; } = 1;

    [Required]
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>The application name; when empty, derived from <see cref="DefaultApplicationName"/>.</summary>
    public string? ApplicationName { get; set; }

    /// <summary>The app host's (or project's) name, from which a default application name is made.</summary>
    public string? DefaultApplicationName { get; set; }

    public string? Namespace { get; set; }
    public string? Registry { get; set; }
    public string? Tag { get; set; }

    /// <summary>Images per resource: item spec = resource name, metadata <c>Image</c>.</summary>
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>Non-secret parameter values: item spec = parameter name, metadata <c>Value</c>.</summary>
    public ITaskItem[] Parameters { get; set; } = [];

    /// <summary>The app host folder, whose appsettings.json <c>Parameters</c> section may hold values.</summary>
    public string? ParameterDirectory { get; set; }

    public bool SkipUnknownResources { get; set; }

    /// <summary>Refuse plain parameters without a value (KUBEAI1014) instead of making them deploy-time inputs.</summary>
    public bool StrictParameters { get; set; }

    /// <summary>Resources that run outside the cluster: item spec = resource name.</summary>
    public ITaskItem[] ExternalResources { get; set; } = [];

    /// <summary><c>kustomize</c> (default), <c>helm</c> or <c>both</c>.</summary>
    public string? OutputFormat { get; set; }

    /// <summary>Resources whose root filesystem stays writable (the opt-out from read-only roots).</summary>
    public ITaskItem[] WritableRootFilesystem { get; set; } = [];

    /// <summary>Resources whose volumes are emptyDirs instead of claims (the opt-out from a backing service's data volume).</summary>
    public ITaskItem[] EphemeralStorage { get; set; } = [];
    public string? CpuRequest { get; set; }
    public string? MemoryRequest { get; set; }
    public string? CpuLimit { get; set; }
    public string? MemoryLimit { get; set; }
    public string? VolumeSize { get; set; }

    /// <summary>The Kubernetes version the manifests target (<c>KubeAiKubernetesVersion</c>, e.g. <c>1.35</c>).</summary>
    public string? KubernetesVersion { get; set; }

    /// <summary>Pack each model folder (<c>WithModel(..., source:)</c>) into an OCI artifact, push it and pin its digest (<c>KubeAiPublishModels</c>).</summary>
    public bool PublishModels { get; set; }

    /// <summary>The one environment to write (<c>KubeAiEnvironment</c> property); empty writes all.</summary>
    public string? Environment { get; set; }

    /// <summary>Environments as items: spec = name; metadata <c>Namespace</c>, <c>ImageTag</c>, <c>Replicas</c> (<c>api=4,worker=2</c>).</summary>
    public ITaskItem[] Environments { get; set; } = [];

    /// <summary>A <c>kubeai.environments.json</c> file (docs/environments.md); items of the same name win.</summary>
    public string? EnvironmentsFile { get; set; }

    /// <summary>
    /// Check the whole app model (parameters, references, names, quantities) and write nothing:
    /// run before images are built, so a mistake fails the publish in seconds, not minutes.
    /// </summary>
    public bool ValidateOnly { get; set; }

    /// <summary>
    /// The built app host. When its manifest declares a KubeAi environment (the app host uses
    /// KubeAi.Hosting), generation runs inside the app host's <c>kubeai-kubernetes</c> step, so its
    /// <c>PublishAsKubernetes</c> callbacks apply and both publish paths write the same bytes.
    /// </summary>
    public string? AppHostAssembly { get; set; }

    public int AppHostTimeout { get; set; } = 120_000;

    /// <summary>Where the fingerprint of the last successful run's inputs is kept; empty runs every time.</summary>
    public string? StampFile { get; set; }

    /// <summary>The fingerprint of the app host's inputs (<see cref="PublishAspireManifest.Fingerprint"/>): its code shapes the tree too.</summary>
    public string? AppHostFingerprint { get; set; }

    [Output]
    public int FilesWritten { get; set; }

    /// <summary>True when every input was unchanged since the last run and the output folder untouched: nothing was done.</summary>
    [Output]
    public bool Skipped { get; set; }

    public override bool Execute() => TaskErrors.Run(Log, ManifestPath is { Length: > 0 } m ? m : BuildEngine.ProjectFileOfTaskNode, () =>
    {
        var manifest = ManifestPath is { Length: > 0 }
            ? ManifestCache.Read(BuildEngine, ManifestPath)
            : SingleProjectManifest.Create(
                ResourceName is { Length: > 0 } name ? name : throw new KubeAiException(ErrorCodes.InvalidBuildSetting, "KubeAiResourceName is empty", BuildEngine.ProjectFileOfTaskNode),
                ProjectPath ?? string.Empty,
                Port,
                Replicas,
                "MSBuild properties KubeAiPort/KubeAiReplicas");

        var fingerprint = StampFile is { Length: > 0 } ? ComputeFingerprint(manifest) : null;
        if (fingerprint is not null && StageStamp.IsCurrent(StampFile!, fingerprint, ValidateOnly ? null : OutputPath))
        {
            Skipped = true;
            if (ValidateOnly)
            {
                Log.LogMessage(MessageImportance.Normal, "KubeAi: the app model and the options are unchanged since they last validated");
            }
            else
            {
                Log.LogMessage(MessageImportance.High, StageStamp.UpToDateLine(OutputPath));
                Log.LogMessage(MessageImportance.High, "KubeAi: inputs unchanged since the last publish (app model, options, images, KubeAi): generation skipped");
            }

            return true;
        }

        if (StampFile is { Length: > 0 })
        {
            StageStamp.Delete(StampFile);
        }

        var succeeded = Generate(manifest);
        if (succeeded && fingerprint is not null && !Log.HasLoggedErrors)
        {
            StageStamp.Write(StampFile!, fingerprint, ValidateOnly ? null : OutputPath);
        }

        return succeeded;
    });

    /// <summary>
    /// Every input of this run: its parameters (read by reflection, so a new option is never forgotten), the
    /// manifest, the files and environment variables values come from, the model folders it packs, the app
    /// host's fingerprint (its PublishAsKubernetes callbacks) and the KubeAi assembly.
    /// </summary>
    private string ComputeFingerprint(AppManifest manifest)
    {
        var fingerprint = InputFingerprints.For(ValidateOnly ? "validate" : "generate");
        foreach (var property in typeof(GenerateKubernetesManifests).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(p => p.CanRead && p.GetCustomAttributes(typeof(OutputAttribute), false).Length == 0 && p.Name != nameof(StampFile))
            .OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var value = property.GetValue(this);
            if (value is ITaskItem[] images && property.Name == nameof(Images))
            {
                // Only the reference: a built image's Status (pushed, unchanged) does not shape the tree.
                foreach (var image in images.OrderBy(i => i.ItemSpec, StringComparer.Ordinal))
                {
                    fingerprint.Add("image." + image.ItemSpec, image.GetMetadata("Image"));
                }
            }
            else if (value is ITaskItem[] items)
            {
                fingerprint.Add(property.Name, items);
            }
            else
            {
                fingerprint.Add(property.Name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        fingerprint.AddFile(ManifestPath).AddFile(EnvironmentsFile);
        if (ParameterDirectory is { Length: > 0 } dir)
        {
            fingerprint.AddFile(Path.Combine(dir, "appsettings.json"));
        }

        if (PublishModels && !ValidateOnly && ManifestPath is { Length: > 0 })
        {
            var baseFolder = Path.GetDirectoryName(Path.GetFullPath(ManifestPath))!;
            foreach (var source in manifest.Resources.Select(r => r.Settings.Model?.Source).OfType<string>().Order(StringComparer.Ordinal))
            {
                var full = Path.GetFullPath(Path.Combine(baseFolder, source));
                if (Directory.Exists(full))
                {
                    fingerprint.AddFolderStamps(full);
                }
                else
                {
                    fingerprint.AddFile(full);
                }
            }
        }

        return fingerprint.AddConfigurationEnvironment().Compute();
    }

    private bool Generate(AppManifest manifest)
    {
        var inputs = new PublishOptionsFile
        {
            ApplicationName = Empty(ApplicationName),
            Namespace = Empty(Namespace),
            Registry = Empty(Registry),
            Tag = Empty(Tag),
            Parameters = new SortedDictionary<string, string>(Parameters.ToDictionary(p => p.ItemSpec, p => p.GetMetadata("Value"), StringComparer.Ordinal), StringComparer.Ordinal),
            SkipUnknown = SkipUnknownResources,
            StrictParameters = StrictParameters,
            ExternalResources = [.. ExternalResources.Select(i => i.ItemSpec)],
            Format = ParseFormat(OutputFormat),
            WritableRootFilesystem = [.. WritableRootFilesystem.Select(i => i.ItemSpec)],
            EphemeralStorage = [.. EphemeralStorage.Select(i => i.ItemSpec)],
            Resources = new ResourceDefaults(Empty(CpuRequest), Empty(MemoryRequest), Empty(CpuLimit), Empty(MemoryLimit)),
            VolumeSize = Empty(VolumeSize),
            KubernetesVersion = Empty(KubernetesVersion),
            Environments = DeliveryEnvironmentItems.Read(Environments, EnvironmentsFile) is { } environments ? new SortedDictionary<string, DeliveryEnvironment>(environments.ToDictionary(), StringComparer.Ordinal) : null,
            Environment = Empty(Environment),
        };
        var options = inputs.ToGeneratorOptions(
            manifest,
            DefaultApplicationName ?? "app",
            ImagesFor(manifest),
            System.Environment.GetEnvironmentVariable,
            ParameterDirectory is { Length: > 0 } dir ? ParameterSources.ReadAppSettings(Path.Combine(dir, "appsettings.json")) : null);

        if (ValidateOnly)
        {
            ApplicationGenerator.Generate(manifest, options);
            return true;
        }

        if (PublishModels)
        {
            options = options with { ModelImages = PushModels(manifest) };
        }

        if (manifest.Environment is not null && AppHostAssembly is { Length: > 0 })
        {
            return RunAppHostStep(options);
        }

        var result = KubeAiGenerator.Generate(manifest, OutputPath, options);
        foreach (var warning in result.Application.Warnings)
        {
            Log.LogWarning(null, warning.Code, null, ManifestPath ?? BuildEngine.ProjectFileOfTaskNode, 0, 0, 0, 0, warning.DisplayMessage);
        }

        foreach (var line in result.SummaryLines())
        {
            Log.LogMessage(MessageImportance.High, line);
        }

        FilesWritten = result.Write.Written;
        return true;
    }

    /// <summary>
    /// Packs and pushes every model folder the app model names (<c>model.source</c>, relative to the
    /// manifest's folder), returning resource → the pushed reference pinned by digest.
    /// </summary>
    private IReadOnlyDictionary<string, string> PushModels(AppManifest manifest) => Core.Oci.ModelPublisher.PushAll(
        manifest,
        ManifestPath is { Length: > 0 } path ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetDirectoryName(BuildEngine.ProjectFileOfTaskNode)!,
        line => Log.LogMessage(MessageImportance.High, "KubeAi: " + line));

    private bool RunAppHostStep(GeneratorOptions options)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(ManifestPath!))!;
        var optionsFile = Path.Combine(folder, "publish-options.json");
        var imagesFile = Path.Combine(folder, "images.json");
        new PublishOptionsFile
        {
            ApplicationName = Empty(ApplicationName),
            Namespace = options.Namespace,
            Registry = options.Registry,
            Tag = options.Tag,
            SkipUnknown = options.SkipUnknownResources ? true : null,
            Resources = options.Resources is { CpuRequest: null, MemoryRequest: null, CpuLimit: null, MemoryLimit: null } ? null : options.Resources,
            VolumeSize = Empty(VolumeSize),
            // Only explicit values: the app host reads its own configuration as Aspire does.
            Parameters = Parameters.Length == 0 ? null : new SortedDictionary<string, string>(Parameters.ToDictionary(p => p.ItemSpec, p => p.GetMetadata("Value")), StringComparer.Ordinal),
            WritableRootFilesystem = options.WritableRootFilesystem.Count == 0 ? null : options.WritableRootFilesystem.Order(StringComparer.Ordinal).ToList(),
            StrictParameters = options.StrictParameters ? true : null,
            ExternalResources = options.ExternalResources.Count == 0 ? null : options.ExternalResources.Order(StringComparer.Ordinal).ToList(),
            EphemeralStorage = options.EphemeralStorage.Count == 0 ? null : options.EphemeralStorage.Order(StringComparer.Ordinal).ToList(),
            Format = options.Format == Core.Generation.OutputFormat.Kustomize ? null : options.Format,
            KubernetesVersion = options.KubernetesVersion,
            ModelImages = options.ModelImages.Count == 0 ? null : new SortedDictionary<string, string>(options.ModelImages.ToDictionary(), StringComparer.Ordinal),
            Environments = options.Environments is { Count: > 0 } environments ? new SortedDictionary<string, DeliveryEnvironment>(environments.ToDictionary(), StringComparer.Ordinal) : null,
            Environment = options.Environment,
        }.Write(optionsFile);
        PublishOptionsFile.WriteImages(imagesFile, options.Images);

        var resultFile = Path.Combine(folder, "publish-result.json");
        File.Delete(resultFile);

        // The app host that handed the manifest over is still waiting (PublishAspireManifest); else start it now.
        using var session = (BuildEngine as IBuildEngine4)?.UnregisterTaskObject(AppHostSession.KeyFor(ManifestPath!), RegisteredTaskObjectLifetime.Build) as AppHostSession
            ?? AppHostSession.Start(null, AppHostAssembly!, ParameterDirectory ?? Path.GetDirectoryName(AppHostAssembly)!, "kubeai-kubernetes", OutputPath, new Dictionary<string, string>
            {
                [PublishOptionsFile.OptionsFileVariable] = optionsFile,
                [PublishOptionsFile.ImagesFileVariable] = imagesFile,
                [PublishResultFile.ResultFileVariable] = resultFile,
            });
        session.Send(AppHostHandoff.GenerateCommand);
        var run = session.WaitForExit(AppHostTimeout);

        // The step reports through its result file; without one the app host stopped before the step ran.
        var result = PublishResultFile.TryRead(resultFile);
        if (result?.ToException() is { } error)
        {
            throw error;
        }

        if (result is null || run.Failed)
        {
            throw run.ToError("kubeai-kubernetes", AppHostAssembly!);
        }

        foreach (var warning in result.Warnings)
        {
            Log.LogWarning(null, warning.Code, null, ManifestPath!, 0, 0, 0, 0, Messages.OneLine(warning.Message, KubeAiException.MaxMessageLength));
        }

        foreach (var line in result.Summary)
        {
            Log.LogMessage(MessageImportance.High, line);
        }

        return true;
    }

    // Before images are built their references are unknown; a placeholder stands in for them.
    private const string PlaceholderImage = "kubeai.invalid/not-built-yet:validate";

    private Dictionary<string, string> ImagesFor(AppManifest manifest)
    {
        var images = Images.ToDictionary(i => i.ItemSpec, i => i.GetMetadata("Image"), StringComparer.Ordinal);
        if (ValidateOnly)
        {
            foreach (var project in manifest.Resources.Where(r => r.Kind == ResourceKind.Project))
            {
                images.TryAdd(project.Name, PlaceholderImage);
            }
        }

        return images;
    }

    private static OutputFormat ParseFormat(string? format) => Empty(format) switch
    {
        null => Core.Generation.OutputFormat.Kustomize,
        var f when Enum.TryParse<OutputFormat>(f, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
        var f => throw new KubeAiException(ErrorCodes.InvalidBuildSetting, $"KubeAiOutputFormat is '{f}'; it must be kustomize, helm or both", "KubeAiOutputFormat"),
    };

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
