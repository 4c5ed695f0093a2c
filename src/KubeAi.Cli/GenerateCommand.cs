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
        var writableRoot = new Option<string[]>("--writable-root") { Description = "RESOURCE: keep this workload's root filesystem writable (repeatable); all others are read-only with a writable /tmp." };

        var environments = new Option<FileInfo?>("--environments") { Description = $"A {DeliveryEnvironments.FileName} file: deployment environments, one overlay each (replaces app-model environments of the same name)." };
        var environment = new Option<string?>("--environment", "-e") { Description = "Write only this environment's overlay." };

        var command = new Command("generate", "Generate Kubernetes manifests (kustomize) from an Aspire manifest.")
        {
            manifest, outputDir, ns, appName, images, registry, tag, parameters, skipUnknown,
            cpuRequest, memoryRequest, cpuLimit, memoryLimit, volumeSize, writableRoot, format, environments, environment,
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
                SourceName = manifestFile.Name,
                Environments = parse.GetValue(environments) is { } file ? DeliveryEnvironments.ReadFile(file.FullName) : null,
                Environment = parse.GetValue(environment),
            };

            var result = KubeAiGenerator.Generate(appManifest, parse.GetValue(outputDir)!.FullName, options);
            foreach (var warning in result.Application.Warnings)
            {
                error.WriteLine($"warning {warning}");
            }

            var app = result.Application;
            output.WriteLine($"kubeai: {app.Resources.Count} workload(s), {app.Resources.Sum(r => r.Objects.Count)} object(s) for '{app.ApplicationName}' -> {result.Write.Directory}");
            output.WriteLine($"kubeai: {result.Write.Written} file(s) written, {result.Write.Unchanged} unchanged, {result.Write.Deleted} removed");
            if (app.EnvFileSecretKeys.Count > 0 && result.Format.HasFlag(OutputFormat.Kustomize))
            {
                output.WriteLine($"kubeai: fill base/secrets.env from base/secrets.env.template ({app.EnvFileSecretKeys.Count} key(s)) before kubectl apply -k");
            }

            if (result.Format.HasFlag(OutputFormat.Helm))
            {
                output.WriteLine($"kubeai: Helm chart in {Path.Combine(result.Write.Directory, HelmLayout.Folder)}");
            }

            foreach (var overlay in app.Overlays)
            {
                output.WriteLine($"kubeai: environment '{overlay.Name}' -> {(result.Format.HasFlag(OutputFormat.Kustomize) ? $"{OverlayLayout.Folder}/{overlay.Name}" : $"{HelmLayout.Folder}/values-{overlay.Name}.yaml")}");
            }

            return CliApplication.Success;
        }));
        return command;
    }
}
