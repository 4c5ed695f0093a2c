using KubeAi.Build.Tests.Infrastructure;

namespace KubeAi.Build.Tests.Targets;

/// <summary>
/// KubeAi.Build.Image.targets in a single project, with the SDK's Publish, ComputeContainerConfig
/// and PublishContainer replaced by stubs (no registry, no base image download): what is checked is
/// KubeAi's own decision to build, the pinned reference and the state it keeps between builds.
/// </summary>
public sealed class ImageTargetTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private const string SdkStubs = $$"""
        <Target Name="Publish" />
        <Target Name="ComputeContainerConfig">
          <ItemGroup>
            <ContainerImageTags Include="$(ContainerImageTags)" />
            <ContainerImageTags Include="$(ContainerImageTag)" Condition="'$(ContainerImageTags)' == ''" />
          </ItemGroup>
        </Target>
        <Target Name="PublishContainer">
          <PropertyGroup>
            <GeneratedContainerDigest>{{Digest}}</GeneratedContainerDigest>
          </PropertyGroup>
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/publish-container.log" Lines="registry=$(ContainerRegistry) archive=$(ContainerArchiveOutputPath)" />
          <!-- Like the SDK's: an archive's bytes differ on every build (creation timestamps). -->
          <WriteLinesToFile Condition="'$(ContainerArchiveOutputPath)' != ''" File="$(ContainerArchiveOutputPath)" Lines="$([System.Guid]::NewGuid())" Overwrite="true" />
        </Target>
        """;

    private static TempProject Project() =>
        new("My.Model.Api", "<PropertyGroup><ContainerRepository>my-model-api</ContainerRepository></PropertyGroup>", SdkStubs);

    /// <summary>KubeAiPublishImage called the way the app host's MSBuild task calls it on each project resource.</summary>
    private static string[] Arguments(TempProject project, params string[] more) =>
        ["-t:KubeAiPublishImage", $"-p:PublishDir={project.Directory}/publish/", "-p:KubeAiResourceName=my-model-api", .. more];

    private static IReadOnlyDictionary<string, string> BuiltImage(TempProject project, params string[] arguments) =>
        Assert.Single(project.Items("KubeAiBuiltImage", arguments));

    private static int PublishContainerRuns(TempProject project)
    {
        var log = Path.Combine(project.Directory, "publish-container.log");
        return File.Exists(log) ? File.ReadAllLines(log).Length : 0;
    }

    [Fact]
    public void An_unchanged_project_is_not_published_again_and_a_changed_one_is()
    {
        using var project = Project();
        project.Write("publish/my-model-api.dll", "build 1");
        // The stub PublishContainer pushes nothing, so the registry check would (rightly) rebuild.
        var arguments = Arguments(project, "-p:ContainerRegistry=localhost:5000", "-p:ContainerImageTags=2.0.1", "-p:ContainerImageTag=", "-p:KubeAiVerifyPushedImages=false");

        var first = BuiltImage(project, arguments);
        var second = BuiltImage(project, arguments);
        project.Write("publish/my-model-api.dll", "build 2");
        var third = BuiltImage(project, arguments);

        var pinned = $"localhost:5000/my-model-api:2.0.1@{Digest}";
        Assert.Equal(("my-model-api", pinned, "pushed"), (first["Identity"], first["Image"], first["Status"]));
        Assert.Equal((pinned, "unchanged"), (second["Image"], second["Status"]));
        Assert.Equal((pinned, "pushed"), (third["Image"], third["Status"]));
        Assert.Equal(2, PublishContainerRuns(project));
        Assert.Equal("registry=localhost:5000 archive=", File.ReadAllLines(Path.Combine(project.Directory, "publish-container.log"))[0]);
    }

    [Fact]
    public void A_changed_image_setting_publishes_again()
    {
        using var project = Project();
        project.Write("publish/my-model-api.dll", "build 1");

        BuiltImage(project, Arguments(project, "-p:ContainerRegistry=localhost:5000", "-p:ContainerImageTags=2.0.1"));
        var retagged = BuiltImage(project, Arguments(project, "-p:ContainerRegistry=localhost:5000", "-p:ContainerImageTags=2.0.2"));

        Assert.Equal(($"localhost:5000/my-model-api:2.0.2@{Digest}", "pushed"), (retagged["Image"], retagged["Status"]));
        Assert.Equal(2, PublishContainerRuns(project));
    }

    [Fact]
    public void Registry_mode_without_a_registry_fails_with_KUBEAI2005()
    {
        using var project = Project();

        var result = project.MSBuild(Arguments(project));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error KUBEAI2005:", result.StdOut);
        Assert.Equal(0, PublishContainerRuns(project));
    }

    [Fact]
    public void Archive_mode_needs_no_registry_and_writes_the_archive()
    {
        using var project = Project();
        project.Write("publish/my-model-api.dll", "build 1");
        var archive = Path.Combine(project.Directory, "images", "my-model-api.tar");

        var built = BuiltImage(project, Arguments(project, "-p:KubeAiImageOutput=archive", $"-p:ContainerArchiveOutputPath={archive}", "-p:ContainerImageTags=2.0.1"));

        Assert.Equal(($"my-model-api:2.0.1@{Digest}", $"archived to {archive}"), (built["Image"], built["Status"]));
        Assert.True(File.Exists(archive));
    }

    [Fact]
    public void Archive_mode_rebuilds_when_the_archive_is_gone()
    {
        using var project = Project();
        project.Write("publish/my-model-api.dll", "build 1");
        var arguments = Arguments(project, "-p:KubeAiImageOutput=archive", $"-p:ContainerArchiveOutputPath={project.Directory}/images/my-model-api.tar", "-p:ContainerImageTags=2.0.1");

        BuiltImage(project, arguments);
        var unchanged = BuiltImage(project, arguments);
        File.Delete(Path.Combine(project.Directory, "images", "my-model-api.tar"));
        var rebuilt = BuiltImage(project, arguments);

        Assert.Equal("unchanged", unchanged["Status"]);
        Assert.StartsWith("archived to ", rebuilt["Status"]);
        Assert.Equal(2, PublishContainerRuns(project));
    }

    [Fact]
    public void Single_project_publish_with_default_output_folders_is_unchanged_the_second_time()
    {
        using var project = Project();
        project.Write("publish/my-model-api.dll", "build 1");
        string[] arguments = ["-t:Publish", "-p:KubeAiGenerate=true", $"-p:PublishDir={project.Directory}/publish/", "-p:KubeAiImageOutput=archive", "-p:KubeAiImageTag=2.0.1"];

        Assert.Equal(0, project.MSBuild(arguments).ExitCode);
        var second = project.MSBuild(arguments);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("(unchanged)", second.StdOut);
        Assert.Equal(1, PublishContainerRuns(project));
    }

    [Fact]
    public void Single_project_rejects_an_invalid_image_output_with_KUBEAI5003()
    {
        using var project = Project();
        project.Write("publish/my-model-api.dll", "build 1");

        var result = project.MSBuild("-t:Publish", "-p:KubeAiGenerate=true", $"-p:PublishDir={project.Directory}/publish/", "-p:KubeAiImageOutput=docker", "-p:KubeAiImageTag=2.0.1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error KUBEAI5003:", result.StdOut);
        Assert.Equal(0, PublishContainerRuns(project));
    }

    [Fact]
    public void Single_project_publish_builds_the_image_then_writes_manifests_that_pin_it()
    {
        using var project = Project();
        project.Write("publish/my-model-api.dll", "build 1");

        var result = project.MSBuild("-t:Publish", "-p:KubeAiGenerate=true", $"-p:PublishDir={project.Directory}/publish/", "-p:KubeAiRegistry=localhost:5000", "-p:KubeAiImageTag=2.0.1");

        Assert.True(result.ExitCode == 0, result.Output);
        var pinned = $"localhost:5000/my-model-api:2.0.1@{Digest}";
        Assert.Contains($"KubeAi: image my-model-api: {pinned} (pushed)", result.StdOut);
        var deployment = File.ReadAllText(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "kubernetes", "base", "my-model-api", "deployment.yaml"));
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "publish", "kubernetes")), "manifests must not land in the image's publish folder");
        Assert.Contains($"image: {pinned}\n", deployment);
    }
}
