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
        var volumeSize = new Option<string?>("--volume-size") { Description = "Size of each volume claim (default 1Gi; a known backing service's data volume: its catalogue size)." };
        var format = new Option<OutputFormat>("--format") { Description = "kustomize (default), helm, or both: what to write.", DefaultValueFactory = _ => OutputFormat.Kustomize };
        var strictParameters = new Option<bool>("--strict-parameters") { Description = "Fail (KUBEAI1014) on plain parameters without a value instead of making them deploy-time inputs (base/parameters.env)." };
        var externalResources = new Option<string[]>("--external") { Description = "RESOURCE: runs outside the cluster (a cloud database, a hosted API); references to it become secret deploy-time inputs (repeatable)." };
        var ephemeral = new Option<string[]>("--ephemeral") { Description = "RESOURCE: keep this workload's volumes in emptyDirs instead of claims (repeatable); its data is lost with the pod." };
        var kubernetesVersion = new Option<string?>("--kubernetes-version") { Description = $"Kubernetes version the manifests target (default: the environment's, else {KubernetesVersion.Default}); a feature it lacks is an error." };
        var pushModels = new Option<bool>("--push-models") { Description = "Pack each model source folder (WithModel source:), push it to its registry and pin its digest." };
        var writableRoot = new Option<string[]>("--writable-root") { Description = "RESOURCE: keep this workload's root filesystem writable (repeatable); all others are read-only with a writable /tmp." };

        var environments = new Option<FileInfo?>("--environments") { Description = $"A {DeliveryEnvironments.FileName} file: deployment environments, one overlay each (replaces app-model environments of the same name)." };
        var environment = new Option<string?>("--environment", "-e") { Description = "Write only this environment's overlay." };
        var force = new Option<bool>("--force") { Description = "Generate and compare every file even when no input changed since the last run into this folder." };

        var command = new Command("generate", "Generate Kubernetes manifests (kustomize) from an Aspire manifest.")
        {
            manifest, outputDir, ns, appName, images, registry, tag, parameters, skipUnknown,
            cpuRequest, memoryRequest, cpuLimit, memoryLimit, volumeSize, writableRoot, ephemeral, format, strictParameters, externalResources, kubernetesVersion, pushModels, environments, environment, force,
        };

        command.SetAction(parse => CliApplication.Guard(error, () =>
        {
            var manifestFile = parse.GetValue(manifest)!;
            var outputFolder = parse.GetValue(outputDir)!.FullName;

            // Nothing changed since the last run into this folder (arguments, manifest, environments file,
            // configuration variables, kubeai itself, the folder's files): there is nothing to write.
            var stamp = parse.GetValue(pushModels) || parse.GetValue(force) ? null : GenerateStamp.For(parse, manifestFile, parse.GetValue(environments), outputFolder);
            if (stamp?.IsCurrent() == true)
            {
                output.WriteLine(StageStamp.UpToDateLine(outputFolder));
                output.WriteLine("KubeAi: inputs unchanged since the last run into this folder: generation skipped (--force generates anyway)");
                return CliApplication.Success;
            }

            stamp?.Clear();
            var appManifest = ManifestReader.ReadFile(manifestFile.ToString());
            var inputs = new PublishOptionsFile
            {
                ApplicationName = parse.GetValue(appName),
                Namespace = parse.GetValue(ns),
                Registry = parse.GetValue(registry),
                Tag = parse.GetValue(tag),
                Parameters = new SortedDictionary<string, string>(CliApplication.ParsePairs(parse.GetValue(parameters), "--parameter"), StringComparer.Ordinal),
                SkipUnknown = parse.GetValue(skipUnknown),
                StrictParameters = parse.GetValue(strictParameters),
                ExternalResources = [.. parse.GetValue(externalResources) ?? []],
                Resources = new ResourceDefaults(parse.GetValue(cpuRequest), parse.GetValue(memoryRequest), parse.GetValue(cpuLimit), parse.GetValue(memoryLimit)),
                VolumeSize = parse.GetValue(volumeSize),
                WritableRootFilesystem = [.. parse.GetValue(writableRoot) ?? []],
                EphemeralStorage = [.. parse.GetValue(ephemeral) ?? []],
                Format = parse.GetValue(format),
                KubernetesVersion = parse.GetValue(kubernetesVersion),
                Environments = parse.GetValue(environments) is { } file ? DeliveryEnvironments.ReadFile(file.FullName) : null,
                Environment = parse.GetValue(environment),
            };
            var options = inputs.ToGeneratorOptions(
                appManifest,
                manifestFile.Directory?.Name ?? "app",
                CliApplication.ParsePairs(parse.GetValue(images), "--image"),
                Environment.GetEnvironmentVariable) with { SourceName = manifestFile.Name };

            if (parse.GetValue(pushModels))
            {
                // Every input error is found before a model is pushed or a file written.
                ApplicationGenerator.Generate(appManifest, options);
                options = options with { ModelImages = Core.Oci.ModelPublisher.PushAll(appManifest, manifestFile.Directory?.FullName ?? ".", line => output.WriteLine("kubeai: " + line)) };
            }

            var result = KubeAiGenerator.Generate(appManifest, outputFolder, options);
            stamp?.Record();
            foreach (var warning in result.Application.Warnings)
            {
                error.WriteLine($"warning {warning}");
            }

            foreach (var line in result.SummaryLines())
            {
                output.WriteLine(line);
            }

            return CliApplication.Success;
        }));
        return command;
    }
}
