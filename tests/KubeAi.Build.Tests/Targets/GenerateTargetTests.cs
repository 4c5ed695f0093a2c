using System.Text.RegularExpressions;
using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Targets;

/// <summary>The _KubeAiGenerate and _KubeAiBuildProjectImages targets run by `dotnet msbuild` with the freshly built tasks.</summary>
public sealed class GenerateTargetTests
{
    private const string AspireHost = "<PropertyGroup><IsAspireHost>true</IsAspireHost></PropertyGroup>";

    private static string PublishDir(TempProject project) => project.Directory + "/publish/";

    [Fact]
    public void Generate_writes_the_manifest_tree_and_a_second_run_writes_nothing()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost);
        string[] arguments =
        [
            "-t:_KubeAiGenerate",
            $"-p:_KubeAiManifestPath={RepoPaths.Manifest("shop")}",
            $"-p:PublishDir={PublishDir(project)}",
            "-p:KubeAiRegistry=registry.example.com/team",
            "-p:KubeAiImageTag=1.0.0",
        ];

        var first = project.MSBuild(arguments);
        var second = project.MSBuild(arguments);

        Assert.True(first.ExitCode == 0, first.Output);
        var output = Path.Combine(project.Directory, "publish", "kubernetes");
        var expected = TempDirectory.ReadTreeAt(Path.Combine(RepoPaths.Golden, "shop"));
        var actual = TempDirectory.ReadTreeAt(output);
        // The application name comes from the app host's name (Shop.AppHost -> shop), so the tree is Core's golden one.
        Assert.Equal(expected, actual);
        var objects = Directory.EnumerateFiles(Path.Combine(RepoPaths.Golden, "shop", "base"), "*.yaml", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) != "kustomization.yaml");
        Assert.Contains($"KubeAi: 6 workload(s), {objects} object(s) for 'shop'", first.StdOut);
        Assert.Contains($"KubeAi: manifests in {output} ({expected.Count} written, 0 unchanged, 0 removed)", first.StdOut);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains($"KubeAi: manifests in {output} (0 written, {expected.Count} unchanged, 0 removed)", second.StdOut);
        // The only warnings: the shop app host gives Redis and RabbitMQ no data volume.
        Assert.Equal(["cache", "messaging"], Regex.Matches(first.StdOut, @": warning KUBEAI1050: '([a-z]+)'").Select(m => m.Groups[1].Value).Distinct().Order());
        // Besides: https endpoints without a certificate, served by the http listener (KUBEAI1031).
        Assert.DoesNotMatch(": warning (?!KUBEAI1050|KUBEAI1031)", first.StdOut);
    }

    [Fact]
    public void Ephemeral_storage_items_reach_the_task()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost + """
            <ItemGroup>
              <KubeAiEphemeralStorage Include="cache" />
            </ItemGroup>
            """);

        var result = project.MSBuild(
            "-t:_KubeAiGenerate", $"-p:_KubeAiManifestPath={RepoPaths.Manifest("shop")}", $"-p:PublishDir={PublishDir(project)}", "-p:KubeAiImageTag=1.0.0");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("KUBEAI1050: 'cache'", result.StdOut);
        Assert.Contains("KUBEAI1050: 'messaging'", result.StdOut);
        var cache = TempDirectory.ReadTreeAt(Path.Combine(project.Directory, "publish", "kubernetes"))["base/cache/statefulset.yaml"];
        Assert.DoesNotContain("volumeClaimTemplates", cache);
    }

    [Fact]
    public void Parameter_items_and_appsettings_reach_the_task()
    {
        using var project = new TempProject("Params.AppHost", AspireHost + """
            <ItemGroup>
              <KubeAiParameter Include="log-level" Value="Warning" />
            </ItemGroup>
            """);
        project.Write("appsettings.json", """{ "Parameters": { "tenant": "contoso", "api-key": "do-not-write-me-4411" } }""");

        var result = project.MSBuild(
            "-t:_KubeAiGenerate", $"-p:_KubeAiManifestPath={RepoPaths.Manifest("params")}", $"-p:PublishDir={PublishDir(project)}", "-p:KubeAiImageTag=1.0.0", "-p:KubeAiStrictParameters=true");

        Assert.True(result.ExitCode == 0, result.Output);
        var files = TempDirectory.ReadTreeAt(Path.Combine(project.Directory, "publish", "kubernetes"));
        var configMap = files["base/api/configmap.yaml"].Split('\n');
        Assert.Contains("  LOG_LEVEL: Warning", configMap);
        Assert.Contains("  TENANT: contoso", configMap);
        Assert.All(files.Values, content => Assert.DoesNotContain("do-not-write-me-4411", content));
        Assert.Contains("part-of: params\n", files["base/api/deployment.yaml"]);
    }

    [Fact]
    public void A_missing_parameter_fails_the_build_with_one_coded_error_and_no_stack_trace()
    {
        using var project = new TempProject("Params.AppHost", AspireHost);

        var result = project.MSBuild(
            "-t:_KubeAiGenerate", $"-p:_KubeAiManifestPath={RepoPaths.Manifest("params")}", $"-p:PublishDir={PublishDir(project)}", "-p:KubeAiImageTag=1.0.0", "-p:KubeAiStrictParameters=true");

        Assert.NotEqual(0, result.ExitCode);
        // MSBuild prints each error twice (in place and in the summary).
        var errors = Regex.Matches(result.StdOut, @"^\s*(?:\d+>)?(?<line>[^\s>][^>]*?\S ?: error \w+: .*?)\s*$", RegexOptions.Multiline).Select(m => m.Groups["line"].Value).Distinct().ToList();
        var error = Assert.Single(errors);
        Assert.Contains("error KUBEAI1014:", error);
        Assert.Contains("'tenant'", error);
        Assert.StartsWith(RepoPaths.Manifest("params"), error.Trim());
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.DoesNotContain("   at KubeAi", result.Output);
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "publish", "kubernetes")));
    }

    [Fact]
    public void Single_project_generate_uses_port_replicas_and_the_resource_name()
    {
        using var project = new TempProject("My.Model.Api");

        var result = project.MSBuild(
            "-t:_KubeAiGenerate", "-p:KubeAiGenerate=true", $"-p:PublishDir={PublishDir(project)}",
            "-p:KubeAiPort=5050", "-p:KubeAiReplicas=3", "-p:KubeAiRegistry=localhost:5000", "-p:KubeAiImageTag=2.0.1", "-p:KubeAiNamespace=models");

        Assert.True(result.ExitCode == 0, result.Output);
        // A single project's publish folder becomes its image: the manifests go beside it.
        var files = TempDirectory.ReadTreeAt(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "kubernetes"));
        var deployment = files["base/my-model-api/deployment.yaml"];
        Assert.Contains("  replicas: 3\n", deployment);
        Assert.Contains("image: localhost:5000/my-model-api:2.0.1\n", deployment);
        Assert.Contains("- containerPort: 5050\n", deployment);
        Assert.Contains("namespace: models\n", files["base/kustomization.yaml"]);
        Assert.Contains("KubeAi: 1 workload(s)", result.StdOut);
    }

    [Fact]
    public void An_invalid_quantity_property_fails_with_its_code()
    {
        using var project = new TempProject("My.Model.Api");

        var result = project.MSBuild("-t:_KubeAiGenerate", "-p:KubeAiGenerate=true", $"-p:PublishDir={PublishDir(project)}", "-p:KubeAiImageTag=1", "-p:KubeAiMemoryLimit=lots");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error KUBEAI3003:", result.StdOut);
        Assert.Contains("'lots'", result.StdOut);
    }

    [Fact]
    public void An_invalid_image_output_fails_the_app_host_with_KUBEAI5003()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost);

        var result = project.MSBuild("-t:_KubeAiBuildProjectImages", "-p:KubeAiImageOutput=docker");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error KUBEAI5003: KubeAiImageOutput is 'docker'; it must be 'registry' or 'archive'.", result.StdOut);
    }

    [Fact]
    public void Read_projects_target_lists_the_project_resources()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost);
        var manifest = project.Write("../out/aspire-manifest.json", File.ReadAllText(RepoPaths.Manifest("shop")));
        foreach (var name in new[] { "CatalogApi", "BasketApi", "Frontend" })
        {
            project.Write($"../src/{name}/{name}.csproj", "<Project />");
        }

        var items = project.Items("_KubeAiProject", "-t:_KubeAiReadProjects", $"-p:_KubeAiManifestPath={manifest}");

        Assert.Equal(["catalog-api", "basket-api", "frontend"], items.Select(i => i["ResourceName"]));
        Assert.All(items, i => Assert.True(File.Exists(i["Identity"]), i["Identity"]));
    }
}
