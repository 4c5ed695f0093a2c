using System.Diagnostics;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Output;
using KubeAi.TestSupport;
using Xunit.Abstractions;

namespace KubeAi.Cli.Tests;

/// <summary>
/// The built <c>kubeai</c> as real processes on one output folder (docs/output-folder.md): killed with SIGKILL
/// at random moments (a fixed seed), then run again; raced against each other; kept waiting by a lock another
/// process holds. Nothing here measures time: the kill delays are scaled to how long a run took on this machine,
/// and every assertion is about the files left and the exit codes.
/// </summary>
public sealed class OutputFolderKillTests(ITestOutputHelper log)
{
    private const int Seed = 20261202;
    private const int Kills = 20;
    private const int Services = 120;
    private const string Secrets = "pw=hunter2\n";
    private const string Parameters = "tenant=contoso\n";

    /// <summary>Two big apps that share most of their services, each with its own image tag: a switch rewrites, adds and removes many files.</summary>
    private static readonly Lazy<(string A, string B)> s_manifests = new(() => (Manifest(0, Services, "1"), Manifest(Services / 4, Services + Services / 4, "2")));

    private static string Manifest(int from, int to, string tag) => CliHarness.WriteManifest(
        "{ \"resources\": {" + string.Join(',', Enumerable.Range(from, to - from).Select(i =>
            $"\"svc{i:D4}\": {{ \"type\": \"container.v0\", \"image\": \"example/svc{i % 7}:{tag}\", \"env\": {{ \"INDEX\": \"{i}\"" + (i > from ? $", \"PEER\": \"{{svc{from:D4}.bindings.http.url}}\"" : string.Empty) + " }, " +
            $"\"bindings\": {{ \"http\": {{ \"scheme\": \"http\", \"targetPort\": 8080 }} }} }}")) + "} }");

    private static string[] Generate(string manifest, string output) => ["generate", "-m", manifest, "-o", output, "--app-name", "big", "--tag", "1.0.0"];

    private static readonly Lazy<(Tree A, Tree B)> s_clean = new(() => (Clean(s_manifests.Value.A), Clean(s_manifests.Value.B)));

    private static Tree Clean(string manifest)
    {
        var output = RepoPaths.NewTempDirectory("kubeai-clean");
        var run = CliHarness.InProcess(Generate(manifest, output));
        Assert.True(run.ExitCode == 0, run.StdErr);
        AddUserFiles(output);
        return Tree.Of(output);
    }

    private static void AddUserFiles(string output)
    {
        Directory.CreateDirectory(Path.Combine(output, "base"));
        File.WriteAllText(Path.Combine(output, "base", "secrets.env"), Secrets);
        File.WriteAllText(Path.Combine(output, "base", "parameters.env"), Parameters);
    }

    private static Process Start(string[] args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(CliHarness.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(CliHarness.KubeAiDll);
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return process;
    }

    private static CliRun Finish(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("kubeai did not finish within 10 minutes");
        }

        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static CliRun Run(string[] args, IDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        return Finish(process);
    }

    /// <summary>A run that failed by no fault of the input: exit 2, a KUBEAI9000 line, or a stack trace.</summary>
    private static bool Crashed(CliRun run) =>
        run.ExitCode is not (0 or 1) || run.StdErr.Contains(ErrorCodes.InternalError, StringComparison.Ordinal) || run.StdErr.Contains("   at ", StringComparison.Ordinal) || run.StdErr.Contains("Exception", StringComparison.Ordinal);

    [Fact]
    public void Kill_9_at_random_moments_then_one_more_run_leaves_exactly_a_clean_tree()
    {
        var (a, b) = s_manifests.Value;
        var (cleanA, cleanB) = s_clean.Value;
        var output = RepoPaths.NewTempDirectory("kubeai-kill");
        Assert.Equal(0, Run(Generate(a, output)).ExitCode);
        AddUserFiles(output);

        // How long a whole switch takes here, to spread the kills over a run: a scale, not an assertion.
        var watch = Stopwatch.StartNew();
        Assert.Equal(0, Run(Generate(b, output)).ExitCode);
        var span = Math.Max(200, watch.Elapsed.TotalMilliseconds);
        Assert.Equal(0, Run(Generate(a, output)).ExitCode);
        var current = 'A';

        var random = new Random(Seed);
        var noWait = new Dictionary<string, string> { [OutputWriter.LockTimeoutVariable] = "0" };
        int duringWrite = 0, beforeWrite = 0, finished = 0, holdingLock = 0, mixedAfterKill = 0, mixed = 0, orphans = 0, crashes = 0, lostUserFiles = 0;
        var problems = new List<string>();
        for (var i = 0; i < Kills; i++)
        {
            var killed = current == 'A' ? 'B' : 'A';
            using var process = Start(Generate(killed == 'A' ? a : b, output));
            var journal = Path.Combine(output, OutputWriter.JournalFile);
            if (i % 2 == 0)
            {
                // Anywhere in the run: start-up, generation, the write.
                Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * span * 1.1));
            }
            else
            {
                // Inside the write: once the journal is there, after a random part of it.
                var delay = random.NextDouble() * span / 3;
                while (!process.HasExited && !File.Exists(journal))
                {
                    Thread.Sleep(1);
                }

                Thread.Sleep(TimeSpan.FromMilliseconds(delay));
            }

            if (process.HasExited)
            {
                finished++;
                var run = Finish(process);
                if (Crashed(run) || run.ExitCode != 0)
                {
                    crashes++;
                    problems.Add($"kill {i}: the run ended by itself with exit {run.ExitCode}: {run.StdErr}");
                }
            }
            else
            {
                process.Kill();
                process.WaitForExit();
                if (File.Exists(journal))
                {
                    duringWrite++;
                    holdingLock += i % 2;
                }
                else
                {
                    beforeWrite++;
                }

                var left = Tree.Of(output);
                if (!left.SameAs(cleanA) && !left.SameAs(cleanB))
                {
                    mixedAfterKill++;
                }
            }

            // The next run may generate either tree; with no wait at all: a killed run never leaves the folder locked.
            current = random.Next(2) == 0 ? 'A' : 'B';
            var next = Run(Generate(current == 'A' ? a : b, output), noWait);
            if (next.ExitCode != 0 || Crashed(next))
            {
                crashes++;
                problems.Add($"kill {i}: the run after it failed (exit {next.ExitCode}): {next.StdErr}");
                continue;
            }

            var tree = Tree.Of(output);
            var expected = current == 'A' ? cleanA : cleanB;
            if (!tree.SameAs(expected))
            {
                mixed++;
                var extra = tree.Files.Keys.Except(expected.Files.Keys).Concat(tree.Folders.Except(expected.Folders)).ToList();
                orphans += extra.Count;
                problems.Add($"kill {i}: the tree after the next run differs from a clean one: {string.Join("; ", tree.Differences(expected).Take(5))}");
            }

            if (File.ReadAllText(Path.Combine(output, "base", "secrets.env")) != Secrets || File.ReadAllText(Path.Combine(output, "base", "parameters.env")) != Parameters)
            {
                lostUserFiles++;
            }
        }

        log.WriteLine($"kill -9: {Kills} kills (seed {Seed}, run span {span:0} ms): {duringWrite} during the write ({holdingLock} of them after the journal appeared), {beforeWrite} before it, {finished} runs finished first; " +
                      $"{mixedAfterKill} trees mixed right after the kill; after the next run: {mixed} mixed trees, {orphans} orphans, {crashes} crashes, {lostUserFiles} lost user files");
        Assert.Empty(problems);
        Assert.Equal((0, 0, 0, 0), (mixed, orphans, crashes, lostUserFiles));
        Assert.True(duringWrite > 0, "no kill landed inside a write: the test proved nothing");
    }

    [Fact]
    public void Racing_runs_on_one_folder_each_succeed_or_fail_with_the_lock_code_and_leave_one_clean_tree()
    {
        var (a, b) = s_manifests.Value;
        var (cleanA, cleanB) = s_clean.Value;
        var output = RepoPaths.NewTempDirectory("kubeai-race");
        AddUserFiles(output);
        int succeeded = 0, locked = 0, crashes = 0;
        var problems = new List<string>();

        // Round 1 waits as long as it takes; round 2 does not wait at all, so most runs meet a held lock.
        foreach (var wait in new[] { "600", "0" })
        {
            var processes = Enumerable.Range(0, 6).Select(i => Start(Generate(i % 2 == 0 ? a : b, output), new Dictionary<string, string> { [OutputWriter.LockTimeoutVariable] = wait })).ToList();
            foreach (var process in processes)
            {
                var run = Finish(process);
                process.Dispose();
                if (run.ExitCode == 0 && !Crashed(run))
                {
                    succeeded++;
                }
                else if (run.ExitCode == 1 && !Crashed(run) && run.ErrorLines is [var line] && line.StartsWith(ErrorCodes.OutputFolderLocked + ": ", StringComparison.Ordinal) && line.Contains(output, StringComparison.Ordinal))
                {
                    locked++;
                }
                else
                {
                    crashes++;
                    problems.Add($"wait {wait}: exit {run.ExitCode}: {run.StdErr}");
                }
            }

            var tree = Tree.Of(output);
            if (!tree.SameAs(cleanA) && !tree.SameAs(cleanB))
            {
                problems.Add($"wait {wait}: the tree is neither clean tree: {string.Join("; ", tree.Differences(cleanA).Take(3))} / {string.Join("; ", tree.Differences(cleanB).Take(3))}");
            }
        }

        log.WriteLine($"race: 12 runs (2 rounds of 6 on one folder): {succeeded} succeeded, {locked} failed with {ErrorCodes.OutputFolderLocked}, {crashes} crashes; {problems.Count} problems");
        Assert.Empty(problems);
        Assert.True(locked > 0 || succeeded == 12);
    }

    [Fact]
    public void A_lock_held_by_another_process_makes_a_run_wait_then_fail_with_KUBEAI5030_and_touch_nothing()
    {
        var output = RepoPaths.NewTempDirectory("kubeai-locked");
        Assert.Equal(0, CliHarness.InProcess(Generate(RepoPaths.Manifest(CliHarness.ShopManifest), output)).ExitCode);
        var before = Tree.Of(output);

        CliRun run;
        using (new FileStream(Path.Combine(output, OutputWriter.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            run = Run(Generate(s_manifests.Value.A, output), new Dictionary<string, string> { [OutputWriter.LockTimeoutVariable] = "0.5" });
        }

        var line = CliHarness.AssertOneCodedError(run, ErrorCodes.OutputFolderLocked);
        Assert.Contains($"'{output}'", line);
        Assert.Contains("waited 0.5 s", line);
        var after = Tree.Of(output);
        after.Files.Remove(OutputWriter.LockFile);
        Assert.True(after.SameAs(before), string.Join("; ", after.Differences(before)));
    }

    [Fact]
    public void An_invalid_lock_timeout_is_KUBEAI5031()
    {
        var run = Run(Generate(RepoPaths.Manifest(CliHarness.ShopManifest), RepoPaths.NewTempDirectory()), new Dictionary<string, string> { [OutputWriter.LockTimeoutVariable] = "1m" });

        var line = CliHarness.AssertOneCodedError(run, ErrorCodes.InvalidOutputLockTimeout);
        Assert.Contains(OutputWriter.LockTimeoutVariable, line);
    }

    /// <summary>Every file (bytes) and every folder of a tree.</summary>
    private sealed record Tree(SortedDictionary<string, byte[]> Files, SortedSet<string> Folders)
    {
        public static Tree Of(string root) => new(
            CliHarness.Tree(root),
            new SortedSet<string>(Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(root, d).Replace('\\', '/')), StringComparer.Ordinal));

        public bool SameAs(Tree other) => !Differences(other).Any();

        public IEnumerable<string> Differences(Tree expected)
        {
            foreach (var file in expected.Files.Keys.Except(Files.Keys))
            {
                yield return "missing " + file;
            }

            foreach (var file in Files.Keys.Except(expected.Files.Keys))
            {
                yield return "extra " + file;
            }

            foreach (var folder in Folders.Except(expected.Folders))
            {
                yield return "extra folder " + folder;
            }

            foreach (var folder in expected.Folders.Except(Folders))
            {
                yield return "missing folder " + folder;
            }

            foreach (var file in expected.Files.Keys.Intersect(Files.Keys).Where(f => !expected.Files[f].AsSpan().SequenceEqual(Files[f])))
            {
                yield return "differs " + file;
            }
        }
    }
}
