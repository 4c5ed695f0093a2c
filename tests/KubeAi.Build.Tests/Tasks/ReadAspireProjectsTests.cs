using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Tasks;

public sealed class ReadAspireProjectsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The shop sample laid out as Aspire wrote it: out/aspire-manifest.json, src/&lt;Project&gt;/.</summary>
    private string LayOutShop(params string[] projects)
    {
        foreach (var project in projects)
        {
            _temp.Write($"src/{project}/{project}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        }

        return _temp.Write("out/aspire-manifest.json", File.ReadAllText(RepoPaths.Manifest("shop")));
    }

    [Fact]
    public void Project_paths_resolve_relative_to_the_manifest_folder()
    {
        var manifest = LayOutShop("CatalogApi", "BasketApi", "Frontend");
        var task = new ReadAspireProjects { BuildEngine = _engine, ManifestPath = manifest };

        Assert.True(task.Execute(), _engine.Log);

        Assert.Empty(_engine.Errors);
        Assert.Equal(
            [
                ("catalog-api", _temp.Combine("src", "CatalogApi", "CatalogApi.csproj")),
                ("basket-api", _temp.Combine("src", "BasketApi", "BasketApi.csproj")),
                ("frontend", _temp.Combine("src", "Frontend", "Frontend.csproj")),
            ],
            task.Projects.Select(p => (p.GetMetadata("ResourceName"), p.ItemSpec)));
    }

    [Fact]
    public void A_relative_manifest_path_resolves_from_the_current_directory()
    {
        LayOutShop("CatalogApi", "BasketApi", "Frontend");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), _temp.Combine("out", "aspire-manifest.json"));
        var task = new ReadAspireProjects { BuildEngine = _engine, ManifestPath = relative };

        Assert.True(task.Execute(), _engine.Log);

        Assert.All(task.Projects, p => Assert.True(Path.IsPathFullyQualified(p.ItemSpec) && File.Exists(p.ItemSpec), p.ItemSpec));
    }

    [Fact]
    public void A_manifest_without_projects_gives_no_items()
    {
        var manifest = _temp.Write("aspire-manifest.json", """
            { "resources": { "cache": { "type": "container.v0", "image": "docker.io/library/redis:8.6" } } }
            """);
        var task = new ReadAspireProjects { BuildEngine = _engine, ManifestPath = manifest };

        Assert.True(task.Execute(), _engine.Log);
        Assert.Empty(task.Projects);
    }

    [Fact]
    public void A_missing_project_is_a_coded_error_naming_resource_and_path()
    {
        var manifest = LayOutShop("CatalogApi", "Frontend");
        var task = new ReadAspireProjects { BuildEngine = _engine, ManifestPath = manifest };

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("KUBEAI1016", error.Code);
        Assert.Contains("'basket-api'", error.Message);
        Assert.Contains("../src/BasketApi/BasketApi.csproj", error.Message);
        Assert.Equal(manifest, error.File);
        Assert.DoesNotContain("   at ", error.Message);
    }

    [Fact]
    public void Invalid_manifest_json_is_a_coded_error()
    {
        var manifest = _temp.Write("aspire-manifest.json", "{ \"resources\": ");
        var task = new ReadAspireProjects { BuildEngine = _engine, ManifestPath = manifest };

        Assert.False(task.Execute());

        Assert.Equal("KUBEAI1002", Assert.Single(_engine.Errors).Code);
    }
}
