using KubeAi.Build.Tests.Infrastructure;

namespace KubeAi.Build.Tests.Targets;

/// <summary>The defaults and mappings KubeAi.Build.props/.targets set, as `dotnet msbuild -getProperty` evaluates them.</summary>
public sealed class EvaluationTests
{
    private const string AspireHost = "<PropertyGroup><IsAspireHost>true</IsAspireHost></PropertyGroup>";

    [Fact]
    public void Aspire_host_defaults()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost);

        var p = project.Properties(
            ["KubeAiGenerate", "KubeAiBuildImages", "KubeAiImageOutput", "KubeAiOutputPath", "KubeAiArchiveOutputPath", "PublishDir", "KubeAiResourceName",
             "KubeAiAppHostTimeout", "KubeAiPort", "KubeAiReplicas", "KubeAiPublishDependsOn", "_KubeAiImageTargetsImported", "KubeAiImageTargetsPath"]);

        Assert.Equal("true", p["KubeAiGenerate"]);
        Assert.Equal("true", p["KubeAiBuildImages"]);
        Assert.Equal("registry", p["KubeAiImageOutput"]);
        Assert.NotEqual(string.Empty, p["PublishDir"]);
        // An app host's publish folder holds only KubeAi's output; full paths, whatever the separators.
        var publish = Path.GetFullPath(Path.Combine(project.Directory, p["PublishDir"].Replace('\\', '/')));
        Assert.Equal(Path.Combine(publish, "kubernetes") + "/", p["KubeAiOutputPath"]);
        Assert.Equal(Path.Combine(publish, "images") + "/", p["KubeAiArchiveOutputPath"]);
        Assert.Equal("shop-apphost", p["KubeAiResourceName"]);
        Assert.Equal("120000", p["KubeAiAppHostTimeout"]);
        Assert.Equal("8080", p["KubeAiPort"]);
        Assert.Equal("1", p["KubeAiReplicas"]);
        // Manifest first, images next, manifests last (other steps may sit between them).
        var steps = p["KubeAiPublishDependsOn"].Split(';');
        string[] order = ["Build", "_KubeAiWriteAspireManifest", "_KubeAiReadProjects", "_KubeAiBuildProjectImages", "_KubeAiGenerate"];
        Assert.All(order, step => Assert.Contains(step, steps));
        Assert.Equal(order, steps.Where(order.Contains));
        Assert.Equal("_KubeAiGenerate", steps[^1]);
        // The app host builds no image of its own: the image targets go to the projects only.
        Assert.Equal(string.Empty, p["_KubeAiImageTargetsImported"]);
        Assert.Equal(Path.Combine(DotnetCli.BuildFolder, "KubeAi.Build.Image.targets"), Path.GetFullPath(p["KubeAiImageTargetsPath"]));
    }

    [Theory]
    [InlineData("", "1.0.0")]
    [InlineData("<PropertyGroup><Version>2.3.0-rc.1</Version></PropertyGroup>", "2.3.0-rc.1")]
    [InlineData("<PropertyGroup><Version>2.3.0</Version><ContainerImageTag>stable-7</ContainerImageTag></PropertyGroup>", "stable-7")]
    public void A_project_image_without_a_tag_is_tagged_with_the_projects_version_never_latest(string properties, string tag)
    {
        using var project = new TempProject("My.Model.Api", properties);

        var p = project.Properties(["ContainerImageTag", "ContainerImageTags"], "-p:KubeAiGenerate=true");

        Assert.Equal(tag, p["ContainerImageTag"]);
        Assert.Equal(string.Empty, p["ContainerImageTags"]);
    }

    [Fact]
    public void Plain_project_defaults_generate_nothing_and_map_nothing()
    {
        using var project = new TempProject("My.Model.Api");

        var p = project.Properties(
            ["KubeAiGenerate", "KubeAiResourceName", "KubeAiImageOutput", "KubeAiPublishDependsOn", "_KubeAiImageTargetsImported", "ContainerRegistry", "ContainerImageTags"],
            "-p:KubeAiRegistry=localhost:5000", "-p:KubeAiImageTag=2.0.1");

        Assert.Equal("false", p["KubeAiGenerate"]);
        Assert.Equal("my-model-api", p["KubeAiResourceName"]);
        Assert.Equal("registry", p["KubeAiImageOutput"]);
        Assert.Equal("_KubeAiSingleProjectImage;_KubeAiGenerate", p["KubeAiPublishDependsOn"]);
        Assert.Equal("true", p["_KubeAiImageTargetsImported"]);
        Assert.Equal(string.Empty, p["ContainerRegistry"]);
        Assert.Equal(string.Empty, p["ContainerImageTags"]);
    }

    [Fact]
    public void An_explicit_choice_wins_over_the_defaults()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost + """
            <PropertyGroup>
              <KubeAiGenerate>false</KubeAiGenerate>
              <KubeAiResourceName>store</KubeAiResourceName>
              <KubeAiOutputPath>deploy/k8s/</KubeAiOutputPath>
            </PropertyGroup>
            """);

        var p = project.Properties(["KubeAiGenerate", "KubeAiResourceName", "KubeAiOutputPath", "KubeAiImageOutput"], "-p:KubeAiImageOutput=archive");

        Assert.Equal("false", p["KubeAiGenerate"]);
        Assert.Equal("store", p["KubeAiResourceName"]);
        Assert.Equal("deploy/k8s/", p["KubeAiOutputPath"]);
        Assert.Equal("archive", p["KubeAiImageOutput"]);
    }

    [Fact]
    public void Single_project_maps_KubeAi_image_settings_onto_the_SDK_container_properties()
    {
        using var project = new TempProject("My.Model.Api", """
            <PropertyGroup>
              <ContainerImageTag>1.0.0</ContainerImageTag>
            </PropertyGroup>
            """);

        var p = project.Properties(
            ["ContainerRegistry", "ContainerImageTags", "ContainerImageTag", "ContainerBaseImage", "ContainerArchiveOutputPath"],
            "-p:KubeAiGenerate=true", "-p:KubeAiRegistry=localhost:5000", "-p:KubeAiImageTag=2.0.1", "-p:KubeAiBaseImage=mcr.microsoft.com/dotnet/aspnet:10.0");

        Assert.Equal("localhost:5000", p["ContainerRegistry"]);
        Assert.Equal("2.0.1", p["ContainerImageTags"]);
        // Both set would fail the SDK with CONTAINER2008.
        Assert.Equal(string.Empty, p["ContainerImageTag"]);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", p["ContainerBaseImage"]);
        Assert.Equal(string.Empty, p["ContainerArchiveOutputPath"]);
    }

    [Fact]
    public void Single_project_keeps_its_own_container_settings_when_no_KubeAi_ones_are_given()
    {
        using var project = new TempProject("My.Model.Api", """
            <PropertyGroup>
              <ContainerRegistry>registry.example.com</ContainerRegistry>
              <ContainerImageTag>1.0.0</ContainerImageTag>
            </PropertyGroup>
            """);

        var p = project.Properties(["ContainerRegistry", "ContainerImageTags", "ContainerImageTag"], "-p:KubeAiGenerate=true");

        Assert.Equal("registry.example.com", p["ContainerRegistry"]);
        Assert.Equal(string.Empty, p["ContainerImageTags"]);
        Assert.Equal("1.0.0", p["ContainerImageTag"]);
    }

    [Fact]
    public void Single_project_archive_mode_names_an_archive_after_the_resource()
    {
        using var project = new TempProject("My.Model.Api");

        var p = project.Properties(["ContainerArchiveOutputPath", "KubeAiArchiveOutputPath"], "-p:KubeAiGenerate=true", "-p:KubeAiImageOutput=archive");

        Assert.StartsWith(p["KubeAiArchiveOutputPath"] + "my-model-api.tar", p["ContainerArchiveOutputPath"]);
    }

    [Fact]
    public void Tasks_load_from_the_package_tasks_folder_unless_overridden()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost);

        var overridden = project.Properties(["KubeAiTasksAssembly", "KubeAiGenerate"]);
        var packaged = DotnetCli.Run(
            ["msbuild", project.ProjectFile, "-nologo", "-nodeReuse:false", "-getProperty:KubeAiTasksAssembly"],
            project.Directory);

        Assert.Equal(DotnetCli.TasksAssembly, overridden["KubeAiTasksAssembly"]);
        Assert.Equal(0, packaged.ExitCode);
        Assert.Equal(
            Path.GetFullPath(Path.Combine(DotnetCli.BuildFolder, "..", "tasks", "net10.0", "KubeAi.Build.dll")),
            Path.GetFullPath(packaged.StdOut.Trim()));
    }
}
