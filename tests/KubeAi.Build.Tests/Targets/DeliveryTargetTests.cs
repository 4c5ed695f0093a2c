using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;

namespace KubeAi.Build.Tests.Targets;

/// <summary>Environments from MSBuild (items, kubeai.environments.json, KubeAiEnvironment) and the KubeAiApply target.</summary>
public sealed class DeliveryTargetTests
{
    private const string AspireHost = "<PropertyGroup><IsAspireHost>true</IsAspireHost></PropertyGroup>";

    private static string[] Generate(TempProject project, params string[] more) =>
    [
        "-t:_KubeAiGenerate",
        $"-p:_KubeAiManifestPath={RepoPaths.Manifest("shop")}",
        $"-p:PublishDir={project.Directory}/publish/",
        "-p:KubeAiRegistry=registry.example.com/team",
        "-p:KubeAiImageTag=1.0.0",
        .. more,
    ];

    [Fact]
    public void Items_and_the_environments_file_become_overlays_and_KubeAiEnvironment_selects_one()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost + """
            <ItemGroup>
              <KubeAiEnvironment Include="staging" Namespace="shop-staging" ImageTag="1.1.0-rc1" Replicas="frontend=2,catalog-api=3" />
            </ItemGroup>
            """);
        project.Write("kubeai.environments.json", """{ "prod": { "namespace": "shop-prod", "workloads": { "frontend": { "replicas": 5, "resources": { "limits": { "memory": "1Gi" } } } } } }""");

        var all = project.MSBuild(Generate(project));

        Assert.True(all.ExitCode == 0, all.Output);
        var output = Path.Combine(project.Directory, "publish", "kubernetes");
        var staging = File.ReadAllText(Path.Combine(output, "overlays", "staging", "kustomization.yaml"));
        Assert.Contains("namespace: shop-staging", staging);
        Assert.Contains("- name: catalog-api\n  count: 3\n- name: frontend\n  count: 2", staging);
        Assert.Contains("newTag: 1.1.0-rc1", staging);
        var prod = File.ReadAllText(Path.Combine(output, "overlays", "prod", "kustomization.yaml"));
        Assert.Contains("count: 5", prod);
        Assert.Contains("value: 1Gi", prod);
        Assert.Contains("KubeAi: environment 'prod': overlays/prod", all.StdOut);
        Kustomize.Render(Path.Combine(output, "base"));
        Assert.Contains("replicas: 5", Kustomize.Render(Path.Combine(output, "overlays", "prod")));

        var one = project.MSBuild(Generate(project, "-p:KubeAiEnvironment=prod"));

        Assert.True(one.ExitCode == 0, one.Output);
        Assert.True(File.Exists(Path.Combine(output, "overlays", "prod", "kustomization.yaml")));
        Assert.False(Directory.Exists(Path.Combine(output, "overlays", "staging")), "only the selected environment is written");
    }

    [Fact]
    public void An_unknown_KubeAiEnvironment_and_a_bad_item_are_coded_errors()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost + """
            <ItemGroup>
              <KubeAiEnvironment Include="dev" Replicas="frontend=two" />
            </ItemGroup>
            """);

        var bad = project.MSBuild(Generate(project));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("error KUBEAI3050: Replicas 'frontend=two' must have the form WORKLOAD=COUNT", bad.StdOut);

        using var other = new TempProject("Shop.AppHost", AspireHost + """<ItemGroup><KubeAiEnvironment Include="dev" /></ItemGroup>""");
        var unknown = other.MSBuild(Generate(other, "-p:KubeAiEnvironment=prod"));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("error KUBEAI3052: environment 'prod' is not declared (declared: dev)", unknown.StdOut);
    }

    [Fact]
    public void KubeAiApply_runs_Cores_apply_and_reports_its_coded_errors()
    {
        using var project = new TempProject("Shop.AppHost", AspireHost);
        Assert.True(project.MSBuild(Generate(project)).ExitCode == 0);
        var tree = Path.Combine(project.Directory, "publish", "kubernetes") + "/";

        var noKubectl = project.MSBuild("-t:KubeAiApply", $"-p:KubeAiOutputPath={tree}", "-p:KubeAiKubectl=/nonexistent/kubectl");
        Assert.NotEqual(0, noKubectl.ExitCode);
        Assert.Contains("error KUBEAI5010: kubectl was not found at '/nonexistent/kubectl'", noKubectl.StdOut);

        // The real kubectl, but secrets.env is not filled: nothing is sent to any cluster.
        var unfilled = project.MSBuild("-t:KubeAiApply", $"-p:KubeAiOutputPath={tree}", $"-p:KubeAiKubectl={Kustomize.Kubectl}", "-p:KubeAiApplyDryRun=true");
        Assert.NotEqual(0, unfilled.ExitCode);
        Assert.Contains("error KUBEAI3057:", unfilled.StdOut);
    }
}
