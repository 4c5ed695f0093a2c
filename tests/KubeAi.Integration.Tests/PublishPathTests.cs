using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>
/// For every test app and both publish paths: the publish succeeds without a stack trace, and the
/// tree is strictly valid, lint-clean, renders with kustomize and helm, carries everything the
/// manifest says, and a rerun changes nothing.
/// </summary>
[Collection(TestAppCollection.Name)]
public sealed class PublishPathTests(TestAppMatrix matrix)
{
    public static IEnumerable<object[]> Cases => TestApps.FamiliesAndPaths;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Publish_succeeds_and_prints_no_stack_trace(string family, string path)
    {
        var app = matrix[family];
        var result = app.Result(path);

        Assert.True(result.ExitCode == 0, app.Describe());
        Assert.Empty(StackTraces.Find(result.Output));
        Assert.Empty(StackTraces.Find(app.Rerun(path).Output));
        if (path == PublishPaths.Cli)
        {
            Assert.True(app.ManifestRun!.ExitCode == 0, app.Describe());
            Assert.Empty(StackTraces.Find(app.ManifestRun.Output));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tree_validates_strictly_and_is_lint_clean(string family, string path)
    {
        var tree = Published(family, path);

        var report = SchemaValidator.Default.ValidateDirectory(tree);

        Assert.Empty(report.Violations.Select(v => v.ToString()));
        Assert.True(report.ObjectsChecked > 0, $"no object validated in {tree}");
        Assert.Empty(WorkloadLinter.LintDirectory(tree).Select(f => f.ToString()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tree_renders_with_kustomize_and_helm(string family, string path)
    {
        var tree = Published(family, path);

        var kustomized = new RenderedObjects(Kustomize.RenderCopy(tree));
        Assert.Contains(kustomized.All, o => RenderedObjects.Kind(o) is "Deployment" or "StatefulSet");

        var chart = Path.Combine(tree, "chart");
        Assert.True(Directory.Exists(chart), $"no chart in {tree}");
        var lint = Helm.Run("lint", chart);
        Assert.True(lint.ExitCode == 0, lint.Output);
        // As a user installs it: a value for every parameter that had none (the chart requires them).
        var inputs = ParameterInputs(tree).SelectMany(key => new[] { "--set-string", $"parameters.{key}={Kustomize.FilledValue}" });
        var template = Helm.Run(["template", "release", chart, .. inputs]);
        Assert.True(template.ExitCode == 0, template.Output);
        Assert.Empty(SchemaValidator.Default.Validate(template.StdOut, $"helm template {chart}").Select(v => v.ToString()));

        // The chart holds the same objects as the kustomize tree (it creates no Secret: values never reach it).
        var templated = new RenderedObjects(template.StdOut);
        var withoutSecrets = kustomized.CountByKind().Where(k => k.Key != "Secret");
        Assert.Equal(withoutSecrets, templated.CountByKind().Where(k => k.Key != "Secret"));

        // The chart is as faithful as the kustomize tree (its deploy-time values come from values.yaml).
        Assert.Empty(FidelityChecker.Check(matrix[family].ManifestFor(path), template.StdOut));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_env_var_port_volume_and_reference_of_the_manifest_arrives(string family, string path)
    {
        var app = matrix[family];
        var tree = Published(family, path);

        var findings = FidelityChecker.Check(app.ManifestFor(path), Kustomize.RenderCopy(tree));

        Assert.Empty(findings);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_rerun_writes_byte_identical_files_and_touches_none(string family, string path)
    {
        var app = matrix[family];
        Published(family, path);

        Assert.True(app.Rerun(path).ExitCode == 0, app.Describe());
        Assert.Empty(app.RerunDifferences(path));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_image_is_untagged_or_latest(string family, string path)
    {
        var tree = Published(family, path);

        var images = PinnedImages.In(tree);

        Assert.NotEmpty(images);
        Assert.All(images, image =>
        {
            var name = image.Split('@')[0];
            var lastSegment = name[(name.LastIndexOf('/') + 1)..];
            Assert.True(lastSegment.Contains(':', StringComparison.Ordinal), $"untagged image {image}");
            Assert.False(name.EndsWith(":latest", StringComparison.Ordinal), $"latest tag: {image}");
        });
    }

    /// <summary>Without image builds both paths know the same images (registry/name:tag), so they must write the same tree.</summary>
    [Theory]
    [MemberData(nameof(ManifestOnlyFamilies))]
    public void Both_paths_write_the_same_tree(string family)
    {
        var msbuild = Published(family, PublishPaths.Msbuild);
        var cli = Published(family, PublishPaths.Cli);

        Assert.Empty(GoldenFiles.Difference(cli, msbuild));
    }

    public static IEnumerable<object[]> ManifestOnlyFamilies => TestApps.Selected.Where(a => !a.BuildImages).Select(a => new object[] { a.Family });

    /// <summary>The keys of base/parameters.env.template: the parameters given at deploy time.</summary>
    private static IEnumerable<string> ParameterInputs(string tree)
    {
        var template = Path.Combine(tree, "base", Core.Output.KustomizeLayout.ParametersFile + ".template");
        return File.Exists(template)
            ? File.ReadAllLines(template).Where(l => l.EndsWith('=') && !l.StartsWith('#')).Select(l => l.TrimEnd('='))
            : [];
    }

    private string Published(string family, string path)
    {
        var app = matrix[family];
        Assert.True(app.Result(path).ExitCode == 0, app.Describe());
        return app.Tree(path);
    }
}
