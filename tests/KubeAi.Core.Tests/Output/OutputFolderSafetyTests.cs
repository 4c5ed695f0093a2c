using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Output;

/// <summary>
/// The output folder is safe (docs/output-folder.md): one run at a time, an index that is never trusted, and a
/// switch from the old tree to the new one that the next run finishes whatever moment a run was stopped at.
/// The process-level kill -9 and race tests are in KubeAi.Cli.Tests (OutputFolderKillTests).
/// </summary>
public sealed class OutputFolderSafetyTests
{
    private const string Secrets = "pw=hunter2\n";
    private const string Parameters = "tenant=contoso\n";

    private static string App(int from, int to, string tag) =>
        "{ \"resources\": {" + string.Join(',', Enumerable.Range(from, to - from).Select(i =>
            $"\"svc{i:D2}\": {{ \"type\": \"container.v0\", \"image\": \"example/svc:{tag}\", \"env\": {{ \"N\": \"{i}\" }}, \"bindings\": {{ \"http\": {{ \"scheme\": \"http\", \"targetPort\": 8080 }} }} }}")) + "} }";

    private static readonly string s_a = App(0, 12, "1");
    private static readonly string s_b = App(4, 16, "2");

    private static GenerationResult Run(string json, string output) => KubeAiGenerator.Generate(Inline.Read(json), output, Inline.Options());

    private static (SortedDictionary<string, byte[]> Files, SortedSet<string> Folders) Tree(string root) => (
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal),
        new(Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(root, d).Replace('\\', '/')), StringComparer.Ordinal));

    private static (SortedDictionary<string, byte[]> Files, SortedSet<string> Folders) Clean(string json)
    {
        var output = RepoPaths.NewTempDirectory();
        Run(json, output);
        AddUserFiles(output);
        return Tree(output);
    }

    private static void AddUserFiles(string output)
    {
        Directory.CreateDirectory(Path.Combine(output, "base"));
        File.WriteAllText(Path.Combine(output, "base", KustomizeLayout.SecretsFile), Secrets);
        File.WriteAllText(Path.Combine(output, "base", KustomizeLayout.ParametersFile), Parameters);
    }

    private static void AssertExactly((SortedDictionary<string, byte[]> Files, SortedSet<string> Folders) expected, string output)
    {
        var actual = Tree(output);
        Assert.Equal(expected.Files.Keys, actual.Files.Keys);
        Assert.Equal(expected.Folders, actual.Folders);
        foreach (var (file, bytes) in expected.Files)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual.Files[file]), $"{file} differs");
        }
    }

    private static string IndexOf(string output) => File.ReadAllText(Path.Combine(output, OutputWriter.IndexFile));

    [Fact]
    public void A_finished_run_leaves_neither_lock_nor_journal_nor_staging_files()
    {
        var output = RepoPaths.NewTempDirectory();

        Run(s_a, output);
        Run(s_b, output);

        Assert.False(File.Exists(Path.Combine(output, OutputWriter.LockFile)));
        Assert.False(File.Exists(Path.Combine(output, OutputWriter.JournalFile)));
        Assert.Empty(Directory.EnumerateFiles(output, "*.kubeai-staging", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_hand_edited_index_deletes_nothing_outside_the_folder_and_no_user_file()
    {
        var parent = RepoPaths.NewTempDirectory();
        var output = Path.Combine(parent, "out");
        Run(s_a, output);
        AddUserFiles(output);
        File.WriteAllText(Path.Combine(parent, "x"), "outside");
        Directory.CreateDirectory(Path.Combine(parent, "out-sibling"));
        File.WriteAllText(Path.Combine(parent, "out-sibling", "keep.yaml"), "sibling");
        Directory.CreateDirectory(Path.Combine(output, "overlays", "prod"));
        File.WriteAllText(Path.Combine(output, "overlays", "prod", "secrets.env"), "prod=1\n");
        File.WriteAllText(Path.Combine(output, "secrets.env"), "root=1\n");
        Directory.CreateDirectory(Path.Combine(output, ".git"));
        File.WriteAllText(Path.Combine(output, ".git", "config"), "[core]\n");
        string[] hostile =
        [
            "../x", "/etc/passwd", Path.Combine(parent, "x"), "../out-sibling/keep.yaml", "base/../../x", "./base/secrets.env",
            "base/secrets.env", "base/parameters.env", "secrets.env", "parameters.env", "overlays/prod/secrets.env", "base//parameters.env",
            "BASE/SECRETS.ENV", ".git/config", "..", ".", "/", "C:/Windows/win.ini", "base\\secrets.env", "base/secrets.env\r",
        ];
        File.AppendAllText(Path.Combine(output, OutputWriter.IndexFile), string.Join('\n', hostile) + "\n");

        var result = Run(s_b, output);

        Assert.Contains(result.Application.Warnings, w => w.Code == ErrorCodes.OutputIndexEntryIgnored);
        Assert.Equal("outside", File.ReadAllText(Path.Combine(parent, "x")));
        Assert.Equal("sibling", File.ReadAllText(Path.Combine(parent, "out-sibling", "keep.yaml")));
        Assert.True(File.Exists("/etc/passwd"));
        Assert.Equal(Secrets, File.ReadAllText(Path.Combine(output, "base", "secrets.env")));
        Assert.Equal(Parameters, File.ReadAllText(Path.Combine(output, "base", "parameters.env")));
        Assert.Equal("prod=1\n", File.ReadAllText(Path.Combine(output, "overlays", "prod", "secrets.env")));
        Assert.Equal("root=1\n", File.ReadAllText(Path.Combine(output, "secrets.env")));
        Assert.Equal("[core]\n", File.ReadAllText(Path.Combine(output, ".git", "config")));

        // The entries it did trust still did their job, and the rewritten index holds none of the others.
        Assert.False(Directory.Exists(Path.Combine(output, "base", "svc00")));
        var index = IndexOf(output);
        Assert.DoesNotContain("..", index);
        Assert.DoesNotContain(".env\n", index);
        Assert.DoesNotContain("passwd", index);
    }

    [Fact]
    public void Symbolic_links_lead_no_deletion_and_no_write_outside_the_folder()
    {
        var parent = RepoPaths.NewTempDirectory();
        var outside = Path.Combine(parent, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        File.WriteAllText(Path.Combine(outside, "deployment.yaml"), "mine");
        var output = Path.Combine(parent, "out");
        Run(s_a, output);
        Directory.CreateSymbolicLink(Path.Combine(output, "base", "linkdir"), outside);
        File.CreateSymbolicLink(Path.Combine(output, "base", "filelink"), Path.Combine(outside, "keep.txt"));
        File.AppendAllText(Path.Combine(output, OutputWriter.IndexFile), "base/linkdir/keep.txt\nbase/filelink\n");

        var result = Run(s_b, output);

        Assert.Equal(2, result.Application.Warnings.Count(w => w.Code == ErrorCodes.OutputIndexEntryIgnored));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
        Assert.NotNull(new FileInfo(Path.Combine(output, "base", "filelink")).LinkTarget);

        // A generated folder that is a link to elsewhere is refused, not written through.
        Directory.Delete(Path.Combine(output, "base", "svc15"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(output, "base", "svc15"), outside);
        var error = Inline.Fails(ErrorCodes.OutputNotWritable, () => Run(s_b, output));
        Assert.Contains("symbolic link", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outside, "deployment.yaml")));
        Assert.Equal(["deployment.yaml", "keep.txt"], Directory.EnumerateFiles(outside).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x62, 0x00, 0x0A })]
    [InlineData(new byte[] { 0x62, 0x61, 0x73, 0x65, 0x00, 0x0A })]
    [InlineData(new byte[] { 0xC3, 0x28, 0x0A })]
    public void A_malformed_index_is_ignored_with_a_warning_and_rewritten(byte[] index)
    {
        var output = RepoPaths.NewTempDirectory();
        Run(s_a, output);
        AddUserFiles(output);
        File.WriteAllBytes(Path.Combine(output, OutputWriter.IndexFile), index);

        var result = Run(s_a, output);

        var warning = Assert.Single(result.Application.Warnings, w => w.Code == ErrorCodes.OutputIndexEntryIgnored);
        Assert.Contains("is ignored because", warning.Message);
        AssertExactly(Clean(s_a), output);
    }

    [Fact]
    public void A_generated_path_that_names_a_user_file_is_refused_before_anything_is_written()
    {
        var output = RepoPaths.NewTempDirectory();

        var error = Inline.Fails(ErrorCodes.OutputNotWritable, () => OutputWriter.Write(output, new Dictionary<string, string> { ["a.yaml"] = "a", ["base/secrets.env"] = "x=1\n" }));

        Assert.Contains("user file", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    /// <summary>Every state a run can be stopped in, made by hand: the next run converges to exactly its own tree.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_run_after_an_interrupted_one_converges_to_exactly_its_own_tree(int stoppedAfter)
    {
        var output = RepoPaths.NewTempDirectory();
        Run(s_a, output);
        AddUserFiles(output);
        var newer = RepoPaths.NewTempDirectory();
        Run(s_b, newer);
        var oldFiles = IndexOf(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var newFiles = IndexOf(newer).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // What run B had done when it was stopped: journal written, some files staged, some moved, some deleted.
        File.WriteAllText(Path.Combine(output, OutputWriter.LockFile), string.Empty);
        if (stoppedAfter >= 1)
        {
            File.WriteAllText(Path.Combine(output, OutputWriter.JournalFile), string.Join('\n', oldFiles.Union(newFiles).Order(StringComparer.Ordinal)) + "\n");
        }
        else
        {
            File.WriteAllText(Path.Combine(output, OutputWriter.JournalFile + ".kubeai-staging"), "base/svc0");
        }

        foreach (var (file, i) in newFiles.Select((f, i) => (f, i)))
        {
            var target = Path.Combine(output, file);
            if (stoppedAfter >= 2)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            }

            if (stoppedAfter >= 2 && i % 3 == 0)
            {
                File.Copy(Path.Combine(newer, file), target + ".kubeai-staging", overwrite: true);
            }

            if (stoppedAfter >= 3 && i % 3 == 1)
            {
                File.Copy(Path.Combine(newer, file), target, overwrite: true);
            }
        }

        if (stoppedAfter >= 4)
        {
            foreach (var stale in oldFiles.Except(newFiles).Take(5))
            {
                File.Delete(Path.Combine(output, stale));
            }

            File.WriteAllText(Path.Combine(output, OutputWriter.IndexFile + ".kubeai-staging"), "half an ind");
        }

        // The next run may generate either tree.
        var next = stoppedAfter % 2 == 0 ? s_b : s_a;
        Run(next, output);

        AssertExactly(Clean(next), output);
    }

    [Fact]
    public void A_run_waits_for_the_lock_then_fails_with_KUBEAI5030_naming_the_folder_and_touching_nothing()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(s_a, output);
        var before = Tree(output);

        KubeAiException error;
        using (new FileStream(Path.Combine(output, OutputWriter.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            error = Inline.Fails(ErrorCodes.OutputFolderLocked, () => OutputWriter.Write(output, new Dictionary<string, string> { ["a.yaml"] = "a" }, TimeSpan.FromMilliseconds(300)));
        }

        Assert.Contains(Path.GetFullPath(output), error.Message);
        Assert.Equal(Path.GetFullPath(output), error.Origin);
        Assert.StartsWith("KUBEAI5030: ", error.ToDisplayString());
        var after = Tree(output);
        after.Files.Remove(OutputWriter.LockFile);
        Assert.Equal(before.Files.Keys, after.Files.Keys);

        // Released, the folder is free again at once (a zero wait), and the holder's leftover file is taken and removed.
        Run(s_b, output);
        OutputWriter.Write(output, new Dictionary<string, string> { ["a.yaml"] = "a" }, TimeSpan.Zero);
        Assert.False(File.Exists(Path.Combine(output, OutputWriter.LockFile)));
    }

    [Fact]
    public void Runs_racing_on_one_folder_in_one_process_take_turns_and_leave_one_whole_tree()
    {
        var output = RepoPaths.NewTempDirectory();
        AddUserFiles(output);
        var manifests = new[] { Inline.Read(s_a), Inline.Read(s_b) };
        const int racers = 8;
        using var start = new Barrier(racers);
        var failures = new List<string>();
        var threads = Enumerable.Range(0, racers).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                KubeAiGenerator.Generate(manifests[i % 2], output, Inline.Options());
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex is KubeAiException k ? k.ToDisplayString() : ex.ToString());
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
        var final = IndexOf(output);
        AssertExactly(final.Contains("base/svc00/", StringComparison.Ordinal) ? Clean(s_a) : Clean(s_b), output);
    }

    [Fact]
    public void An_unchanged_rerun_writes_nothing_not_even_the_index()
    {
        var output = RepoPaths.NewTempDirectory();
        Run(s_a, output);
        var stamp = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, stamp);
        }

        var result = Run(s_a, output);

        Assert.Equal(0, result.Write.Written);
        Assert.All(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories), f => Assert.Equal(stamp, File.GetLastWriteTimeUtc(f)));
    }
}
