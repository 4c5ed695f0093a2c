using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Output;

public sealed class OutputWriterTests
{
    private const string TwoServices = """
        {
          "resources": {
            "pw": { "type": "parameter.v0", "value": "{pw.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
            "cache": { "type": "container.v0", "image": "example/cache:7", "env": { "PASSWORD": "{pw.value}" }, "bindings": { "tcp": { "scheme": "tcp", "targetPort": 6379 } } },
            "web": { "type": "container.v0", "image": "nginx:1", "env": { "CACHE": "{cache.bindings.tcp.hostAndPort}" }, "bindings": { "http": { "scheme": "http", "targetPort": 80 } } }
          }
        }
        """;

    private const string OneService = """
        { "resources": { "web": { "type": "container.v0", "image": "nginx:1", "bindings": { "http": { "scheme": "http", "targetPort": 80 } } } } }
        """;

    private static readonly DateTime s_old = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private static GenerationResult Run(string json, string output, GeneratorOptions? options = null) =>
        KubeAiGenerator.Generate(Inline.Read(json), output, options ?? Inline.Options());

    private static SortedDictionary<string, (byte[] Bytes, DateTime Written)> Snapshot(string directory) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(directory, f),
            f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f))),
        StringComparer.Ordinal);

    private static void AssertSame(
        SortedDictionary<string, (byte[] Bytes, DateTime Written)> expected,
        SortedDictionary<string, (byte[] Bytes, DateTime Written)> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys)
        {
            Assert.True(expected[key].Bytes.AsSpan().SequenceEqual(actual[key].Bytes), $"{key} changed");
            Assert.Equal(expected[key].Written, actual[key].Written);
        }
    }

    private static void Age(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, s_old);
        }
    }

    [Fact]
    public void The_first_run_writes_every_file_and_an_index()
    {
        var output = RepoPaths.NewTempDirectory();

        var result = Run(TwoServices, output);

        var files = Snapshot(output).Keys.Select(k => k.Replace('\\', '/')).ToList();
        Assert.Contains("base/kustomization.yaml", files);
        Assert.Contains("base/web/deployment.yaml", files);
        Assert.Contains("base/cache/service.yaml", files);
        Assert.Contains("base/secrets.env.template", files);
        Assert.Contains(OutputWriter.IndexFile, files);
        Assert.Equal(files.Count, result.Write.Written);
        Assert.Equal(0, result.Write.Unchanged);
        Assert.Equal(Path.GetFullPath(output), result.Write.Directory);
        Assert.DoesNotContain(files, f => f.EndsWith(".kubeai-staging", StringComparison.Ordinal));

        var index = File.ReadAllLines(Path.Combine(output, OutputWriter.IndexFile));
        Assert.Equal(files.Where(f => f != OutputWriter.IndexFile).Order(StringComparer.Ordinal), index);
    }

    [Fact]
    public void Files_are_utf8_without_bom_and_use_lf()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(TwoServices, output);

        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], $"{file} has a BOM");
            Assert.DoesNotContain((byte)'\r', bytes);
        }
    }

    [Fact]
    public void A_rerun_keeps_unchanged_files_and_their_timestamps()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(TwoServices, output);
        Age(output);
        var before = Snapshot(output);

        var result = Run(TwoServices, output);

        Assert.Equal(0, result.Write.Written);
        Assert.Equal(0, result.Write.Deleted);
        Assert.Equal(before.Count, result.Write.Unchanged);
        AssertSame(before, Snapshot(output));
    }

    [Fact]
    public void A_change_rewrites_only_the_changed_files()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(TwoServices, output);
        Age(output);

        var result = Run(TwoServices.Replace("nginx:1", "nginx:2", StringComparison.Ordinal), output);

        var after = Snapshot(output);
        var changed = after.Where(f => f.Value.Written != s_old).Select(f => f.Key.Replace('\\', '/')).ToList();
        Assert.Equal(["base/web/deployment.yaml"], changed);
        Assert.Equal(1, result.Write.Written);
        Assert.Contains("image: nginx:2", File.ReadAllText(Path.Combine(output, "base", "web", "deployment.yaml")));
    }

    [Fact]
    public void Stale_files_and_their_empty_folders_are_removed()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(TwoServices, output);

        var result = Run(OneService, output);

        Assert.False(Directory.Exists(Path.Combine(output, "base", "cache")));
        Assert.False(File.Exists(Path.Combine(output, "base", "secrets.env.template")));
        Assert.False(File.Exists(Path.Combine(output, "base", ".gitignore")));
        Assert.True(File.Exists(Path.Combine(output, "base", "web", "deployment.yaml")));
        Assert.True(result.Write.Deleted >= 6);
        Assert.DoesNotContain("cache", File.ReadAllText(Path.Combine(output, OutputWriter.IndexFile)));
    }

    [Fact]
    public void User_files_are_never_touched()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(TwoServices, output);
        var secrets = Path.Combine(output, "base", KustomizeLayout.SecretsFile);
        File.WriteAllText(secrets, "pw=hunter2\n");
        var note = Path.Combine(output, "base", "cache", "NOTES.md");
        File.WriteAllText(note, "mine");
        var overlay = Path.Combine(output, "overlays", "prod", "kustomization.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(overlay)!);
        File.WriteAllText(overlay, "resources:\n- ../../base\n");
        File.SetLastWriteTimeUtc(secrets, s_old);

        Run(TwoServices, output);
        Run(OneService, output);

        Assert.Equal("pw=hunter2\n", File.ReadAllText(secrets));
        Assert.Equal(s_old, File.GetLastWriteTimeUtc(secrets));
        Assert.Equal("mine", File.ReadAllText(note));
        Assert.Equal("resources:\n- ../../base\n", File.ReadAllText(overlay));
        Assert.False(File.Exists(Path.Combine(output, "base", "cache", "deployment.yaml")));
    }

    [Theory]
    [InlineData("""{ "resources": """)]
    [InlineData("""{ "resources": { "x": { "type": "azure.bicep.v0" } } }""")]
    [InlineData("""{ "resources": { "a": { "type": "value.v0", "connectionString": "{b.connectionString}" }, "b": { "type": "value.v0", "connectionString": "{a.connectionString}" } } }""")]
    [InlineData("""{ "resources": { "c": { "type": "container.v0", "image": "example/cache:7", "env": { "X": "{nope.value}" } } } }""")]
    public void A_failing_run_leaves_the_previous_output_byte_identical(string bad)
    {
        var output = RepoPaths.NewTempDirectory();
        Run(TwoServices, output);
        File.WriteAllText(Path.Combine(output, "base", KustomizeLayout.SecretsFile), "pw=x\n");
        Age(output);
        var before = Snapshot(output);
        var manifest = Path.Combine(RepoPaths.NewTempDirectory(), "aspire-manifest.json");
        File.WriteAllText(manifest, bad);

        Assert.Throws<KubeAiException>(() => KubeAiGenerator.GenerateFromFile(manifest, output, Inline.Options()));

        AssertSame(before, Snapshot(output));
    }

    [Fact]
    public void A_failing_option_leaves_the_previous_output_byte_identical()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(TwoServices, output);
        Age(output);
        var before = Snapshot(output);

        Inline.Fails(ErrorCodes.InvalidQuantity, () => Run(TwoServices, output, Inline.Options(o => o with { VolumeSize = "lots" })));

        AssertSame(before, Snapshot(output));
    }

    [Fact]
    public void Files_outside_the_output_folder_are_never_touched_even_if_the_index_names_them()
    {
        var parent = RepoPaths.NewTempDirectory();
        var output = Path.Combine(parent, "out");
        var sibling = Path.Combine(parent, "out-sibling", "keep.yaml");
        var outside = Path.Combine(parent, "keep.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(sibling)!);
        File.WriteAllText(sibling, "sibling");
        File.WriteAllText(outside, "outside");
        Run(OneService, output);
        File.AppendAllText(Path.Combine(output, OutputWriter.IndexFile), "../keep.yaml\n../out-sibling/keep.yaml\n" + outside + "\n");

        var error = Record.Exception(() => Run(OneService, output));

        if (error is not null)
        {
            Assert.Equal(ErrorCodes.OutputNotWritable, Assert.IsType<KubeAiException>(error).Code);
        }

        Assert.Equal("outside", File.ReadAllText(outside));
        Assert.Equal("sibling", File.ReadAllText(sibling));
    }

    [Fact]
    public void Writing_into_a_file_path_is_KUBEAI3001_and_leaves_no_staging_files()
    {
        var parent = RepoPaths.NewTempDirectory();
        var output = Path.Combine(parent, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "base"), "a file where a folder should be");

        var error = Inline.Fails(ErrorCodes.OutputNotWritable, () => Run(OneService, output));

        Assert.Equal(Path.GetFullPath(output), error.Origin);
        Assert.Empty(Directory.EnumerateFiles(parent, "*.kubeai-staging", SearchOption.AllDirectories));
        Assert.Equal("a file where a folder should be", File.ReadAllText(Path.Combine(output, "base")));
    }

    [Fact]
    public void OutputWriter_writes_exactly_the_given_files()
    {
        var output = RepoPaths.NewTempDirectory();
        var files = new Dictionary<string, string> { ["a.txt"] = "A", ["sub/b.txt"] = "B" };

        var result = OutputWriter.Write(output, files);

        Assert.Equal(3, result.Written);
        Assert.Equal("A", File.ReadAllText(Path.Combine(output, "a.txt")));
        Assert.Equal("B", File.ReadAllText(Path.Combine(output, "sub", "b.txt")));
        Assert.Equal("a.txt\nsub/b.txt\n", File.ReadAllText(Path.Combine(output, OutputWriter.IndexFile)));

        var second = OutputWriter.Write(output, new Dictionary<string, string> { ["a.txt"] = "A" });

        Assert.Equal((1, 1, 1), (second.Written, second.Unchanged, second.Deleted));
        Assert.False(Directory.Exists(Path.Combine(output, "sub")));
    }

    [Fact]
    public void OutputWriter_refuses_a_relative_path_that_escapes_the_folder()
    {
        var parent = RepoPaths.NewTempDirectory();
        var output = Path.Combine(parent, "out");

        var error = Inline.Fails(ErrorCodes.OutputNotWritable, () => OutputWriter.Write(output, new Dictionary<string, string> { ["../evil.txt"] = "x" }));

        Assert.Contains("../evil.txt", error.Message);
        Assert.False(File.Exists(Path.Combine(parent, "evil.txt")));
    }
}
