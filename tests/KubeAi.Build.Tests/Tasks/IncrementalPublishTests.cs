using KubeAi.Build.Tests.Infrastructure;
using KubeAi.TestSupport;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KubeAi.Build.Tests.Tasks;

/// <summary>
/// A no-op publish does no work: the app host is not started, the tree not generated, the manifest not
/// parsed twice; and any changed input runs the stage again. Judged by effect (a run counter, file times,
/// the tree's content), never by time.
/// </summary>
public sealed class IncrementalPublishTests : IDisposable
{
    private const string Manifest = """{ "resources": {} }""";

    private readonly TempDirectory _temp = new();
    private readonly FakeBuildEngine _engine = new("/src/AppHost/AppHost.csproj");

    public void Dispose()
    {
        _engine.EndBuild();
        _temp.Dispose();
    }

    private string Runs => _temp.Combine("runs");

    private int RunCount => File.Exists(Runs) ? File.ReadAllLines(Runs).Length : 0;

    /// <summary>A fake app host that appends a line to a counter file per start, then runs <paramref name="body"/> ($7: output folder).</summary>
    private string FakeAppHost(string body)
    {
        var script = _temp.Write("fake-apphost.sh", $$"""
            #!/usr/bin/env bash
            echo started >> '{{Runs}}'
            {{body}}
            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    private PublishAspireManifest ManifestTask(string script, bool handOff = false) => new()
    {
        BuildEngine = _engine,
        DotnetHost = script,
        AppHostAssembly = _temp.Combine("bin", "AppHost.dll"),
        WorkingDirectory = _temp.Combine("apphost"),
        OutputDirectory = _temp.Combine("obj", "kubeai", "manifest"),
        StampFile = _temp.Combine("obj", "kubeai", "manifest.stamp"),
        InputFolder = _temp.Combine("bin"),
        ExcludeFolders = [_temp.Combine("bin", "publish")],
        InputFiles = [new TaskItem(_temp.Combine("apphost", "appsettings.json"))],
        HandOff = handOff,
        Timeout = 60_000,
    };

    private void AppHostFiles()
    {
        _temp.Write("bin/AppHost.dll", "v1");
        _temp.Write("apphost/appsettings.json", """{ "Parameters": { "a": "1" } }""");
    }

    [Fact]
    public void The_app_host_is_not_started_again_until_one_of_its_inputs_changes()
    {
        AppHostFiles();
        var script = FakeAppHost($"printf '%s' '{Manifest}' > \"$7/aspire-manifest.json\"");

        Assert.True(ManifestTask(script).Execute(), _engine.Log);
        var second = ManifestTask(script);
        Assert.True(second.Execute(), _engine.Log);

        Assert.Equal(1, RunCount);
        Assert.True(second.Skipped);
        Assert.True(File.Exists(second.ManifestPath));

        // Output of the publish itself (under the excluded publish folder) is not an input.
        _temp.Write("bin/publish/kubernetes/base/kustomization.yaml", "x");
        Assert.True(ManifestTask(script).Execute(), _engine.Log);
        Assert.Equal(1, RunCount);

        // The app host's configuration changed: it runs again.
        _temp.Write("apphost/appsettings.json", """{ "Parameters": { "a": "2" } }""");
        Assert.True(ManifestTask(script).Execute(), _engine.Log);
        Assert.Equal(2, RunCount);

        // A new build of its code (a file of its output folder) too.
        _temp.Write("bin/Dependency.dll", "new");
        var fourth = ManifestTask(script);
        Assert.True(fourth.Execute(), _engine.Log);
        Assert.Equal(3, RunCount);
        Assert.False(fourth.Skipped);
    }

    [Fact]
    public void A_handed_over_manifest_keeps_the_app_host_waiting_and_the_end_of_the_build_lets_it_exit_without_generating()
    {
        AppHostFiles();
        var line = _temp.Combine("line");
        var script = FakeAppHost($"""
            printf '%s' '{Manifest}' > "$KUBEAI_MANIFEST_FILE"
            IFS= read -r answer
            printf '[%s]' "$answer" > '{line}'
            """);

        var task = ManifestTask(script, handOff: true);
        Assert.True(task.Execute(), _engine.Log);

        Assert.Equal(1, RunCount);
        Assert.Equal(Manifest, File.ReadAllText(task.ManifestPath));
        Assert.NotNull(_engine.GetRegisteredTaskObject(AppHostSession.KeyFor(task.ManifestPath), RegisteredTaskObjectLifetime.Build));
        Assert.False(File.Exists(line));

        _engine.EndBuild();

        Assert.Equal("[]", File.ReadAllText(line));
        Assert.Equal(1, RunCount);
    }

    [Fact]
    public void A_handing_over_app_host_is_asked_for_the_tree_once_the_images_are_known()
    {
        AppHostFiles();
        var line = _temp.Combine("line");
        var script = FakeAppHost($"""
            printf '%s' '{Manifest}' > "$KUBEAI_MANIFEST_FILE"
            IFS= read -r answer
            printf '%s' "$answer" > '{line}'
            """);
        var task = ManifestTask(script, handOff: true);
        Assert.True(task.Execute(), _engine.Log);

        using var session = (AppHostSession)_engine.UnregisterTaskObject(AppHostSession.KeyFor(task.ManifestPath), RegisteredTaskObjectLifetime.Build)!;
        session.Send(Core.Generation.AppHostHandoff.GenerateCommand);
        Assert.Equal(0, session.WaitForExit(60_000).ExitCode);

        Assert.Equal("generate", File.ReadAllText(line));
        Assert.Equal(1, RunCount);
    }

    private GenerateKubernetesManifests GenerateTask(string manifest, string? ns = null) => new()
    {
        BuildEngine = _engine,
        ManifestPath = manifest,
        OutputPath = _temp.Combine("out"),
        ApplicationName = "shop",
        Registry = "registry.example.com/team",
        Tag = "1.0.0",
        Namespace = ns,
        StampFile = _temp.Combine("obj", "generate.stamp"),
    };

    [Fact]
    public void Unchanged_inputs_write_nothing_and_any_changed_input_or_output_file_generates_again()
    {
        var manifest = _temp.Combine("shop", "aspire-manifest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.Copy(RepoPaths.Manifest("shop"), manifest);

        var first = GenerateTask(manifest);
        Assert.True(first.Execute(), _engine.Log);
        Assert.False(first.Skipped);
        var kustomization = _temp.Combine("out", "base", "kustomization.yaml");
        var written = File.GetLastWriteTimeUtc(kustomization);

        var second = GenerateTask(manifest);
        Assert.True(second.Execute(), _engine.Log);
        Assert.True(second.Skipped);
        Assert.Equal(written, File.GetLastWriteTimeUtc(kustomization));
        Assert.Contains(_engine.Messages, m => m.Message == $"KubeAi: manifests in {_temp.Combine("out")} (0 written, {first.FilesWritten} unchanged, 0 removed)");

        // An option changed: the tree follows it.
        var third = GenerateTask(manifest, ns: "shop-prod");
        Assert.True(third.Execute(), _engine.Log);
        Assert.False(third.Skipped);
        Assert.Contains("namespace: shop-prod", File.ReadAllText(kustomization));

        // A generated file deleted by hand is written again, though no input changed.
        File.Delete(kustomization);
        var fourth = GenerateTask(manifest, ns: "shop-prod");
        Assert.True(fourth.Execute(), _engine.Log);
        Assert.False(fourth.Skipped);
        Assert.True(File.Exists(kustomization));

        // The manifest changed (here only its layout): generated again.
        File.AppendAllText(manifest, "\n");
        var fifth = GenerateTask(manifest, ns: "shop-prod");
        Assert.True(fifth.Execute(), _engine.Log);
        Assert.False(fifth.Skipped);
    }

    [Fact]
    public void One_publish_parses_the_manifest_once_for_the_projects_the_validation_and_the_generation()
    {
        var manifest = _temp.Combine("shop", "aspire-manifest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.Copy(RepoPaths.Manifest("shop"), manifest);

        var projects = new ReadAspireProjects { BuildEngine = _engine, ManifestPath = manifest };
        var validate = GenerateTask(manifest);
        validate.ValidateOnly = true;
        validate.StampFile = null;
        var generate = GenerateTask(manifest);
        generate.StampFile = null;

        // The shop's projects are not on disk here: ReadAspireProjects fails after parsing, which is enough.
        projects.Execute();
        Assert.True(validate.Execute(), _engine.Log);
        Assert.True(generate.Execute(), _engine.Log);

        Assert.Equal(1, ManifestCache.Parses[Path.GetFullPath(manifest)]);
    }
}
