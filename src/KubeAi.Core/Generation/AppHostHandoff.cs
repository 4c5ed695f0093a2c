namespace KubeAi.Core.Generation;

/// <summary>
/// How <c>dotnet publish</c> (KubeAi.Build) runs an app host that uses KubeAi.Hosting only once per publish:
/// it starts the <c>kubeai-kubernetes</c> step with <see cref="ManifestFileVariable"/> naming a file; the step
/// writes the Aspire manifest there (as <c>publish-manifest</c> would, paths relative to that file) and waits
/// for one line on its standard input. The build reads the manifest, builds the images, writes the options
/// and images files, and sends <see cref="GenerateCommand"/>: the step then writes the Kubernetes tree, with the
/// resources' <c>PublishAsKubernetes</c> callbacks, and its result file. Any other line, or the end of the
/// input, means the build needs no tree (it is up to date, or the build failed): the step exits writing nothing.
/// </summary>
public static class AppHostHandoff
{
    public const string ManifestFileVariable = "KUBEAI_MANIFEST_FILE";

    public const string GenerateCommand = "generate";
}
