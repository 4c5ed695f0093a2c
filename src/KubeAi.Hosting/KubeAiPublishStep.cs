using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Aspire.Hosting.Publishing;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.KubeAi;

/// <summary>
/// The <c>kubeai-kubernetes</c> pipeline step: writes the Aspire manifest in memory (the very JSON the
/// <c>publish-manifest</c> step writes), reads it with KubeAi.Core, generates the Kubernetes objects,
/// runs the resources' <c>PublishAsKubernetes</c> callbacks and writes the kustomize tree to the
/// pipeline's output folder. It never prompts: a missing parameter value is KUBEAI1014.
/// </summary>
internal static class KubeAiPublishStep
{
    public const string StepName = "kubeai-kubernetes";

    /// <summary>The source name in generated files' headers; the same as for a manifest file, so both publish paths write the same bytes.</summary>
    public const string ManifestFileName = "aspire-manifest.json";

    public static PipelineStep Create(KubeAiEnvironmentResource environment)
    {
        var step = new PipelineStep
        {
            Name = StepName,
            Description = "Writes the Kubernetes manifests (kustomize) of the app model with KubeAi.",
            Action = context => RunAsync(environment, context),
            Resource = environment,
        };
        step.RequiredBy(WellKnownPipelineSteps.Publish);
        return step;
    }

    private static async Task RunAsync(KubeAiEnvironmentResource environment, PipelineStepContext context)
    {
        var output = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
        var resultFile = Environment.GetEnvironmentVariable(PublishResultFile.ResultFileVariable);
        PublishResultFile result;
        try
        {
            // Run by `dotnet publish`: hand the manifest over, wait until the images are built (AppHostHandoff).
            if (Environment.GetEnvironmentVariable(AppHostHandoff.ManifestFileVariable) is { Length: > 0 } handoff
                && !await HandOffManifestAsync(context, handoff).ConfigureAwait(false))
            {
                return;
            }

            var generated = await GenerateAsync(environment, context.Model, context.Services, output, context.CancellationToken).ConfigureAwait(false);
            foreach (var warning in generated.Application.Warnings)
            {
                context.Logger.LogWarning("{Warning}", warning.ToString());
            }

            foreach (var line in generated.SummaryLines())
            {
                context.Logger.LogInformation("{Summary}", line);
            }

            result = PublishResultFile.Success(generated);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var error = ex as KubeAiException ?? InternalErrors.Wrap(ex, "running the kubeai-kubernetes publish step");
            result = PublishResultFile.Failure(error);

            // One coded line and a non-zero exit code. The step does not throw: Aspire logs a failed step's
            // exception with its stack trace (twice), and a user error deserves one line, not eighty.
            context.Logger.LogError("{Error}", error.ToDisplayString());
            Environment.ExitCode = 1;
        }

        if (resultFile is { Length: > 0 })
        {
            result.Write(resultFile);
        }
    }

    /// <summary>
    /// Writes the manifest to <paramref name="path"/> (atomically: the build waits for the file), then waits for
    /// the build's one line: true when it asks for the tree, false when it needs none.
    /// </summary>
    private static async Task<bool> HandOffManifestAsync(PipelineStepContext context, string path)
    {
        var full = Path.GetFullPath(path);
        var json = await WriteManifestAsync(context.Model, context.Services.GetRequiredService<DistributedApplicationExecutionContext>(), Path.GetDirectoryName(full)!, context.CancellationToken).ConfigureAwait(false);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, json, context.CancellationToken).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
        var line = await Task.Run(Console.In.ReadLine).WaitAsync(context.CancellationToken).ConfigureAwait(false);
        return string.Equals(line?.Trim(), AppHostHandoff.GenerateCommand, StringComparison.Ordinal);
    }

    /// <summary>Everything the step does, minus logging: manifest in memory → options → KubeAi.Core (with the customisations) → files.</summary>
    internal static async Task<global::KubeAi.Core.GenerationResult> GenerateAsync(KubeAiEnvironmentResource environment, DistributedApplicationModel model, IServiceProvider services, string outputDirectory, CancellationToken cancellationToken)
    {
        var json = await WriteManifestAsync(model, services.GetRequiredService<DistributedApplicationExecutionContext>(), outputDirectory, cancellationToken).ConfigureAwait(false);
        var manifest = ManifestReader.Read(json, ManifestFileName, Path.GetFullPath(outputDirectory));
        var options = BuildOptions(manifest, services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>().ApplicationName)
            with { Customize = (name, objects) => Customize(model, name, objects) };
        return global::KubeAi.Core.KubeAiGenerator.Generate(manifest, outputDirectory, options);
    }

    /// <summary>The manifest JSON exactly as <c>publish-manifest</c> would write it into <paramref name="outputDirectory"/>.</summary>
    internal static async Task<string> WriteManifestAsync(DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, string outputDirectory, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var context = new ManifestPublishingContext(executionContext, Path.Combine(Path.GetFullPath(outputDirectory), ManifestFileName), writer, cancellationToken);
            try
            {
                await WriteModel(context, model, cancellationToken).ConfigureAwait(false);
            }
            catch (MissingMethodException ex)
            {
                throw new InvalidOperationException("this version of Aspire.Hosting has no ManifestPublishingContext.WriteModel; KubeAi.Hosting supports Aspire 13.6", ex);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // Aspire's manifest writer for a whole model is internal; the publish-manifest step calls it the same way.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "WriteModel")]
    private static extern Task WriteModel(ManifestPublishingContext context, DistributedApplicationModel model, CancellationToken cancellationToken);

    /// <summary>
    /// The options of a build-driven publish (KubeAi.Build writes them) or none; the manifest's
    /// environment fills the rest inside Core. Non-secret parameters also come from the app host's
    /// configuration (Parameters:NAME from the environment, appsettings.json, user secrets).
    /// </summary>
    internal static GeneratorOptions BuildOptions(AppManifest manifest, IConfiguration configuration, string appHostName) =>
        PublishOptionsFile.Read(Environment.GetEnvironmentVariable(PublishOptionsFile.OptionsFileVariable)).ToGeneratorOptions(
            manifest,
            appHostName,
            PublishOptionsFile.ReadImages(Environment.GetEnvironmentVariable(PublishOptionsFile.ImagesFileVariable)),
            key => configuration[key.Replace("__", ":", StringComparison.Ordinal)]) with { SourceName = ManifestFileName };

    /// <summary>Runs a resource's PublishAsKubernetes callbacks over its generated objects, in order.</summary>
    private static void Customize(DistributedApplicationModel model, string kubernetesName, IList<k8s.IKubernetesObject> objects)
    {
        var resource = model.Resources.FirstOrDefault(r => KubernetesNames.ForResource(r.Name, r.Name) == kubernetesName);
        if (resource is null || !resource.TryGetAnnotationsOfType<KubernetesCustomizationAnnotation>(out var callbacks))
        {
            return;
        }

        var workload = new KubernetesWorkload(resource.Name, objects);
        foreach (var callback in callbacks)
        {
            callback.Configure(workload);
        }

        objects.Clear();
        foreach (var obj in workload.Objects)
        {
            objects.Add(obj);
        }
    }
}
