using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Expressions;

namespace KubeAi.Core.Generation;

/// <summary>
/// Turns an app model into Kubernetes objects. Everything that can be wrong with the input is
/// found here, before a single file is written.
/// </summary>
public static partial class ApplicationGenerator
{
    public static GeneratedApplication Generate(AppManifest manifest, GeneratorOptions options)
    {
        var app = KubernetesNames.ForResource(options.ApplicationName, "application name");
        if (options.Namespace is not null)
        {
            KubernetesValues.RequireNamespace(options.Namespace, "namespace option");
        }

        ValidateOptions(manifest, options);
        var givenResources = ResourceDefaults.Merge(options.Resources, EnvironmentResources(manifest.Environment));
        options = WithEnvironmentDefaults(options, manifest.Environment);
        var warnings = new List<KubeAiWarning>();
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var external = ExternalResources(manifest, options);
        foreach (var resource in manifest.Resources.Where(r => r.Kind == ResourceKind.Unknown && !external.Contains(r.Name)))
        {
            if (!options.SkipUnknownResources)
            {
                throw new KubeAiException(
                    ErrorCodes.UnknownResourceType,
                    $"resource '{resource.Name}' has type '{resource.Type}', which KubeAi cannot deploy; if it runs outside the cluster declare it external (--external {resource.Name}, <KubeAiExternalResource Include=\"{resource.Name}\" />, .PublishAsExternal()), or pass --skip-unknown to leave it out",
                    resource.Origin);
            }

            skipped.Add(resource.Name);
            warnings.Add(new KubeAiWarning(ErrorCodes.UnknownResourceType, $"skipped resource '{resource.Name}' of unknown type '{resource.Type}'"));
        }

        CheckNameCollisions(manifest, external);
        foreach (var resource in manifest.Resources.Where(r => r.IsWorkload && !external.Contains(r.Name)))
        {
            if (Endpoints.HttpsServedByHttp(resource) is { Count: > 0 } dropped)
            {
                warnings.Add(new KubeAiWarning(ErrorCodes.HttpsServedByHttp, $"'{resource.Name}' configures no TLS certificate, so its {string.Join(", ", dropped.Select(d => $"'{d}'"))} endpoint is served by its http listener in the cluster (no port nothing listens on); TLS terminates at the Ingress or Gateway"));
            }
        }

        var images = ImagePlanner.Plan(manifest, options, external, warnings);
        var resolver = new ExpressionResolver(manifest, options.ParameterValues, images, skipped, options.StrictParameters, external);
        var secretPlan = SecretPlan.Create(app, $"{app}-secrets", manifest.Environment?.Secrets ?? SecretSources.EnvFile, manifest);
        var context = new WorkloadContext(app, options, resolver, images, $"{app}-secrets", manifest.Environment)
        {
            GivenResources = givenResources,
            Warnings = warnings,
            SecretReference = secretPlan.Reference,
        };
        var resources = new List<GeneratedResource>();
        var secretUse = new SortedDictionary<string, (string? Note, SortedSet<string> Users)>(StringComparer.Ordinal);
        var parameterUse = new SortedDictionary<string, (string? Note, SortedSet<string> Users)>(StringComparer.Ordinal);
        foreach (var resource in manifest.Resources.Where(r => r.IsWorkload && !skipped.Contains(r.Name) && !external.Contains(r.Name)))
        {
            IReadOnlyCollection<ValuePart> inputs;
            var generated = resource.Settings.IsTrainingJob
                ? TrainingJobs.TrainingJobGenerator.Generate(resource, context, manifest, out inputs)
                : WorkloadGenerator.Generate(resource, context, out inputs);
            resources.Add(generated);
            foreach (var input in inputs)
            {
                var (uses, key, note) = input switch
                {
                    SecretPart secret => (secretUse, secret.Key, secret.Note),
                    ParameterPart parameter => (parameterUse, parameter.Key, parameter.Note),
                    _ => throw new InvalidOperationException($"{input.GetType().Name} is not a deploy-time input"),
                };
                if (!uses.TryGetValue(key, out var use))
                {
                    uses[key] = use = (note, new SortedSet<string>(StringComparer.Ordinal));
                }

                use.Users.Add(generated.Name);
            }
        }

        foreach (var (key, _) in secretUse.Concat(parameterUse))
        {
            if (KubernetesNames.CheckConfigKey(key) is { } reason)
            {
                throw new KubeAiException(
                    ErrorCodes.InvalidGeneratedName,
                    $"'{Messages.OneLine(key, 100)}' cannot be a key of the Secret or ConfigMap of deploy-time inputs: it {reason}; rename the parameter or value in the app host",
                    manifest.ByName.TryGetValue(key, out var input) ? input.Origin : manifest.Source);
            }
        }

        // Values and parameters that no workload uses still have to resolve: a dangling
        // reference is an error wherever it stands.
        foreach (var resource in manifest.Resources.Where(r => r.Kind is ResourceKind.Parameter or ResourceKind.Value && !external.Contains(r.Name)))
        {
            if (resource.ConnectionString is not null)
            {
                resolver.Resolve(resource.ConnectionString, $"{resource.Origin}.connectionString");
            }

            // A parameter's own value is its input: resolving it would report unused parameters as missing.
            if (resource.Kind == ResourceKind.Value && resource.Value is not null)
            {
                resolver.Resolve(resource.Value, $"{resource.Origin}.value");
            }
        }

        if (resolver.MissingParameters.Count > 0)
        {
            var names = string.Join(", ", resolver.MissingParameters.Keys.Select(n => $"'{n}'"));
            throw new KubeAiException(
                ErrorCodes.MissingParameterValue,
                $"parameter(s) {names} have no value and parameters are strict; supply each with --parameter NAME=VALUE (CLI), KubeAiParameter items (MSBuild) or Parameters__NAME in the environment, or drop --strict-parameters / KubeAiStrictParameters to make them deploy-time inputs",
                resolver.MissingParameters.First().Value);
        }

        if (resources.Count == 0)
        {
            var kinds = manifest.Resources.Count == 0
                ? "has no resources"
                : $"has no project, container, dockerfile or executable resource to deploy ({manifest.Resources.Count} resource(s): {string.Join(", ", manifest.Resources.Take(5).Select(r => $"'{Messages.OneLine(r.Name, 40)}' {Messages.OneLine(r.Type, 40)}"))}{(manifest.Resources.Count > 5 ? ", ..." : string.Empty)}{(skipped.Count + external.Count > 0 ? "; skipped or external ones do not count" : string.Empty)})";
            throw new KubeAiException(ErrorCodes.EmptyAppModel, $"the app model {kinds}; KubeAi would write an empty tree. Add a project or container to the app host (AddProject, AddContainer), or check that the right manifest was given", manifest.Source);
        }

        var secretKeys = secretPlan.Describe(secretUse
            .Select(pair => new SecretKey(pair.Key, pair.Value.Users.ToList(), pair.Value.Note ?? (manifest.ByName.TryGetValue(pair.Key, out var parameter) ? GeneratedNote(parameter) : null))));
        var parameterKeys = parameterUse
            .Select(pair => new SecretKey(pair.Key, pair.Value.Users.ToList(), pair.Value.Note))
            .ToList();
        KubernetesFeatures.Check(resources, KubernetesFeatures.Target(options, manifest.Environment), manifest);
        warnings.AddRange(Kubernetes2026Warnings(manifest, options));
        resources = NetworkPolicies.AddTo(resources, manifest.Environment).ToList();
        if (options.Customize is { } customize)
        {
            resources = resources.Select(r =>
            {
                var objects = r.Objects.ToList();
                customize(r.Name, objects);
                return r with { Objects = objects };
            }).ToList();
        }

        SecretPlan.Annotate(resources, secretKeys);
        OutputRules.Check(resources, manifest);
        var deployedImages = images.Where(i => !skipped.Contains(i.Key) && !external.Contains(i.Key)).ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);
        return new GeneratedApplication(app, options.Namespace, context.SecretName, resources, secretKeys, warnings)
        {
            Images = deployedImages,
            ParameterKeys = parameterKeys,
            SecretObjects = secretPlan.ExternalSecrets(secretKeys),
            Overlays = EnvironmentOverlays.Plan(manifest, options, resources, deployedImages),
        };
    }

    // What the caller says wins; the app host's KubeAi environment fills what the caller left open.
    private static GeneratorOptions WithEnvironmentDefaults(GeneratorOptions options, EnvironmentSettings? environment) => options with
    {
        Namespace = options.Namespace ?? environment?.Namespace,
        Registry = options.Registry ?? environment?.Registry,
        Tag = options.Tag ?? environment?.ImageTag,
        Resources = ResourceDefaults.Merge(options.Resources, EnvironmentResources(environment), ResourceDefaults.Standard),
    };

    private static ResourceDefaults? EnvironmentResources(EnvironmentSettings? environment) =>
        environment?.Resources is { } e ? new ResourceDefaults(e.CpuRequest, e.MemoryRequest, e.CpuLimit, e.MemoryLimit) : null;

    private static string? GeneratedNote(AppResource parameter) =>
        parameter.Inputs.Values.Any(i => i.DefaultGenerated)
            ? "Aspire generates this value when it runs locally; choose a strong random value."
            : null;

    private static void ValidateOptions(AppManifest manifest, GeneratorOptions options)
    {
        if (options.Resources is { } r)
        {
            foreach (var (value, what) in new[] { (r.CpuRequest, "default cpu request"), (r.MemoryRequest, "default memory request"), (r.CpuLimit, "default cpu limit"), (r.MemoryLimit, "default memory limit") })
            {
                if (value is not null)
                {
                    Quantities.Require(value, what, what);
                }
            }
        }

        if (options.VolumeSize is not null)
        {
            Quantities.Require(options.VolumeSize, "volume size", "volume size");
        }
        foreach (var (name, image) in options.Images)
        {
            if (!manifest.ByName.TryGetValue(name, out var resource) || !resource.IsWorkload)
            {
                throw new KubeAiException(ErrorCodes.ImageForUnknownResource, $"an image was given for '{name}', which is not a project, container, dockerfile or executable resource of the manifest", $"image option {name}={image}");
            }

            KubernetesValues.RequireImageReference(image, $"image option {name}={image}");
        }

        foreach (var name in options.WritableRootFilesystem)
        {
            if (!manifest.ByName.TryGetValue(name, out var resource) || !resource.IsWorkload)
            {
                throw new KubeAiException(ErrorCodes.InvalidOption, $"'{name}' is not a workload resource of the manifest, so it has no root filesystem to make writable", $"writable root option {name}");
            }
        }

        foreach (var name in options.EphemeralStorage)
        {
            if (!manifest.ByName.TryGetValue(name, out var resource) || !resource.IsWorkload)
            {
                throw new KubeAiException(ErrorCodes.InvalidEphemeralStorage, $"'{name}' is not a workload resource of the manifest, so it has no storage to make ephemeral", $"ephemeral storage option {name}");
            }
        }

        foreach (var name in options.ParameterValues.Keys)
        {
            if (!manifest.ByName.TryGetValue(name, out var resource) || resource.Kind != ResourceKind.Parameter)
            {
                throw new KubeAiException(ErrorCodes.UnknownParameterOverride, $"a value was given for parameter '{name}', which the manifest does not declare", $"parameter option {name}");
            }

            if (!ParameterSources.IsPlainParameter(resource))
            {
                throw new KubeAiException(ErrorCodes.SecretParameterValueGiven, $"a value was given for secret parameter '{name}'; KubeAi never takes secret values: put it in base/secrets.env instead", $"parameter option {name}");
            }
        }
    }

    /// <summary>The resources declared external, by the caller or the app host's environment; each must exist.</summary>
    private static HashSet<string> ExternalResources(AppManifest manifest, GeneratorOptions options)
    {
        var external = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, origin) in options.ExternalResources.Select(n => (n, $"external option {n}"))
            .Concat((manifest.Environment?.External ?? []).Select(n => (n, $"{manifest.Source}: resources.{manifest.Environment!.Name}.external"))))
        {
            if (!manifest.ByName.TryGetValue(name, out var resource) || resource.Kind == ResourceKind.Environment)
            {
                throw new KubeAiException(ErrorCodes.UnknownExternalResource, $"'{Messages.OneLine(name, 100)}' is declared external but is not a resource of the manifest", origin);
            }

            external.Add(name);
        }

        return external;
    }

    private static void CheckNameCollisions(AppManifest manifest, IReadOnlySet<string> external)
    {
        var seen = new Dictionary<string, AppResource>(StringComparer.Ordinal);
        foreach (var resource in manifest.Resources.Where(r => r.IsWorkload && !external.Contains(r.Name)))
        {
            var name = KubernetesNames.ForResource(resource.Name, resource.Origin);
            if (seen.TryGetValue(name, out var other))
            {
                throw new KubeAiException(
                    ErrorCodes.ResourceNameCollision,
                    $"resources '{other.Name}' and '{resource.Name}' both map to the Kubernetes name '{name}'",
                    resource.Origin);
            }

            seen[name] = resource;
        }
    }
}
