using System.CommandLine;
using KubeAi.Core;
using KubeAi.Core.AppModel;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;

namespace KubeAi.Cli;

/// <summary><c>kubeai generate</c>: Aspire manifest → kustomize tree.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var manifest = new Option<FileInfo>("--manifest", "-m") { Description = "The Aspire manifest (aspire-manifest.json).", Required = true };
        var outputDir = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to write the kustomize tree to.", Required = true };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace for every object." };
        var appName = new Option<string?>("--app-name") { Description = "Application name (labels, Secret name). Default: from the manifest's folder." };
        var images = new Option<string[]>("--image") { Description = "RESOURCE=IMAGE: the image of a resource (repeatable).", AllowMultipleArgumentsPerToken = false };
        var registry = new Option<string?>("--registry") { Description = "Registry for project images without --image." };
        var tag = new Option<string?>("--tag") { Description = "Tag for project images without --image." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "NAME=VALUE: value of a non-secret parameter (repeatable). Secret values are never taken." };
        var skipUnknown = new Option<bool>("--skip-unknown") { Description = "Leave out resources of unknown type instead of failing." };
        var cpuRequest = new Option<string?>("--cpu-request") { Description = $"Default CPU request (default {ResourceDefaults.Standard.CpuRequest})." };
        var memoryRequest = new Option<string?>("--memory-request") { Description = $"Default memory request (default {ResourceDefaults.Standard.MemoryRequest})." };
        var cpuLimit = new Option<string?>("--cpu-limit") { Description = $"Default CPU limit (default {ResourceDefaults.Standard.CpuLimit})." };
        var memoryLimit = new Option<string?>("--memory-limit") { Description = $"Default memory limit (default {ResourceDefaults.Standard.MemoryLimit})." };
        var volumeSize = new Option<string?>("--volume-size") { Description = "Size of each volume claim (default 1Gi)." };
        var format = new Option<OutputFormat>("--format") { Description = "kustomize (default), helm, or both: what to write.", DefaultValueFactory = _ => OutputFormat.Kustomize };
        var kubernetesVersion = new Option<string?>("--kubernetes-version") { Description = $"Kubernetes version the manifests target (default: the environment's, else {KubernetesVersion.Default}); a feature it lacks is an error." };
        var pushModels = new Option<bool>("--push-models") { Description = "Pack each model source folder (WithModel source:), push it to its registry and pin its digest." };
        var writableRoot = new Option<string[]>("--writable-root") { Description = "RESOURCE: keep this workload's root filesystem writable (repeatable); all others are read-only with a writable /tmp." };

        var command = new Command("generate", "Generate Kubernetes manifests (kustomize) from an Aspire manifest.")
        {
            manifest, outputDir, ns, appName, images, registry, tag, parameters, skipUnknown,
            cpuRequest, memoryRequest, cpuLimit, memoryLimit, volumeSize, writableRoot, format, kubernetesVersion, pushModels,
        };

        command.SetAction(parse => CliApplication.Guard(error, () =>
        {
            var manifestFile = parse.GetValue(manifest)!;
            var appManifest = ManifestReader.ReadFile(manifestFile.ToString());
            var options = new GeneratorOptions
            {
                ApplicationName = parse.GetValue(appName) ?? ApplicationName.FromAppHost(manifestFile.Directory?.Name ?? "app"),
                Namespace = parse.GetValue(ns),
                Images = CliApplication.ParsePairs(parse.GetValue(images), "--image"),
                Registry = parse.GetValue(registry),
                Tag = parse.GetValue(tag),
                ParameterValues = ParameterSources.Collect(appManifest, CliApplication.ParsePairs(parse.GetValue(parameters), "--parameter"), Environment.GetEnvironmentVariable),
                SkipUnknownResources = parse.GetValue(skipUnknown),
                Resources = new ResourceDefaults(parse.GetValue(cpuRequest), parse.GetValue(memoryRequest), parse.GetValue(cpuLimit), parse.GetValue(memoryLimit)),
                VolumeSize = parse.GetValue(volumeSize) ?? "1Gi",
                WritableRootFilesystem = (parse.GetValue(writableRoot) ?? []).ToHashSet(StringComparer.Ordinal),
                Format = parse.GetValue(format),
                KubernetesVersion = parse.GetValue(kubernetesVersion),
                SourceName = manifestFile.Name,
            };

            if (parse.GetValue(pushModels))
            {
                // Every input error is found before a model is pushed or a file written.
                ApplicationGenerator.Generate(appManifest, options);
                options = options with { ModelImages = Core.Oci.ModelPublisher.PushAll(appManifest, manifestFile.Directory?.FullName ?? ".", line => output.WriteLine("kubeai: " + line)) };
            }

            var result = KubeAiGenerator.Generate(appManifest, parse.GetValue(outputDir)!.FullName, options);
            foreach (var warning in result.Application.Warnings)
            {
                error.WriteLine($"warning {warning}");
            }

            var app = result.Application;
            output.WriteLine($"kubeai: {app.Resources.Count} workload(s), {app.Resources.Sum(r => r.Objects.Count)} object(s) for '{app.ApplicationName}' -> {result.Write.Directory}");
            output.WriteLine($"kubeai: {result.Write.Written} file(s) written, {result.Write.Unchanged} unchanged, {result.Write.Deleted} removed");
            if (app.SecretKeys.Count > 0 && result.Format.HasFlag(OutputFormat.Kustomize))
            {
                output.WriteLine($"kubeai: fill base/secrets.env from base/secrets.env.template ({app.SecretKeys.Count} key(s)) before kubectl apply -k");
            }

            if (result.Format.HasFlag(OutputFormat.Helm))
            {
                output.WriteLine($"kubeai: Helm chart in {Path.Combine(result.Write.Directory, HelmLayout.Folder)}");
            }

            return CliApplication.Success;
        }));
        return command;
    }
}
