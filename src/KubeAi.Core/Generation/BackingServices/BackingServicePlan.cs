using KubeAi.Core.AppModel;

namespace KubeAi.Core.Generation.BackingServices;

/// <summary>
/// How one container resource runs as the backing service its image is: the catalogue entry,
/// where its data volume is mounted, the app model's own volume for it (if any), and whether the
/// user chose ephemeral storage instead of a claim.
/// </summary>
/// <param name="Service">The catalogue entry the image matched.</param>
/// <param name="DataMountPath">Where the data volume is mounted: the app model's target, or the entry's data path.</param>
/// <param name="DataVolume">The app model's volume at the data path (WithDataVolume); null when KubeAi makes one.</param>
/// <param name="Ephemeral">True when the user opted out of persistent storage for this resource.</param>
internal sealed record BackingServicePlan(BackingService Service, string DataMountPath, VolumeMount? DataVolume, bool Ephemeral)
{
    /// <summary>The plan for a resource, or null when it is not a container whose image the catalogue knows.</summary>
    public static BackingServicePlan? For(AppResource resource, WorkloadContext context)
    {
        // Training jobs and KServe predictors are workloads of their own kind, whatever their image.
        if (resource.Kind != ResourceKind.Container || resource.Settings.IsTrainingJob || resource.Settings.KServe is not null
            || !context.Images.TryGetValue(resource.Name, out var image)
            || BackingServiceCatalog.Find(image) is not { } service)
        {
            return null;
        }

        var volume = resource.Volumes.FirstOrDefault(v => !v.ReadOnly && service.IsDataPath(v.Target));
        return new BackingServicePlan(
            service,
            volume is null ? service.DataPath : service.MountPathFor(volume.Target),
            volume,
            IsEphemeral(resource, context));
    }

    /// <summary>Whether the user asked for emptyDirs instead of claims (option or contract field).</summary>
    public static bool IsEphemeral(AppResource resource, WorkloadContext context) =>
        resource.Settings.EphemeralStorage || context.Options.EphemeralStorage.Contains(resource.Name);
}
