using System.Diagnostics;
using System.Text;
using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;
using KubeAi.Validation;

namespace KubeAi.Cli.Tests;

/// <summary>
/// <c>kubeai validate</c> on files that are not readable YAML: each is one coded line naming the file (exit 1), the
/// other files are still validated, and nothing hangs, overflows the stack or grows without bound.
/// </summary>
public sealed class ValidateHostileInputTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";

    /// <summary>A folder with one valid ConfigMap, so every problem below is the only one.</summary>
    private static string TreeWithOneValidFile()
    {
        var root = RepoPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(root, "configmap.yaml"), ConfigMap);
        return root;
    }

    private static string AssertOneFileProblem(string root, string code, string file)
    {
        var run = CliHarness.InProcess("validate", root);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}; stdout: {run.StdOut}; stderr: {Trim(run.StdErr)}");
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"{code}: {file}: ", line);
        Assert.True(line.Length < 500, line);
        Assert.DoesNotContain("   at ", run.StdErr);
        Assert.DoesNotContain("Exception", run.StdErr);
        Assert.Contains("1 object(s) in 1 file(s)", run.StdOut); // the valid file was still checked
        Assert.Contains("1 file(s) could not be read", run.StdOut);
        return line;
    }

    private static string Trim(string text) => text.Length > 2000 ? text[..2000] + "..." : text;

    [Fact]
    public void Malformed_yaml_is_one_KUBEAI6001_line_not_a_stack_trace()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "broken.yaml"), "apiVersion: v1\nkind: [\n");

        var line = AssertOneFileProblem(root, ErrorCodes.ManifestMalformedYaml, "broken.yaml");

        Assert.Contains("line ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_malformed_yaml_for_both_passes()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "dup.yaml"), "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: x\n");

        AssertOneFileProblem(root, ErrorCodes.ManifestMalformedYaml, "dup.yaml");
    }

    [Fact]
    public void A_document_100k_levels_deep_is_KUBEAI6006()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "deep.yaml"), "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        AssertOneFileProblem(root, ErrorCodes.ManifestTooDeep, "deep.yaml");
    }

    [Fact]
    public void Deep_block_mappings_are_KUBEAI6006()
    {
        var root = TreeWithOneValidFile();
        var yaml = new StringBuilder();
        for (var i = 0; i < ManifestLimits.MaxDepth + 10; i++)
        {
            yaml.Append(' ', i).Append('k').Append(i).Append(":\n");
        }

        File.WriteAllText(Path.Combine(root, "deep.yaml"), yaml.ToString());

        AssertOneFileProblem(root, ErrorCodes.ManifestTooDeep, "deep.yaml");
    }

    [Fact]
    public void A_file_over_the_size_limit_is_KUBEAI6002_and_is_not_read()
    {
        var root = TreeWithOneValidFile();
        using (var big = File.Create(Path.Combine(root, "big.yaml")))
        {
            big.SetLength(ManifestLimits.MaxFileBytes + 1); // sparse: costs no disk
        }

        var line = AssertOneFileProblem(root, ErrorCodes.ManifestFileTooLarge, "big.yaml");

        Assert.Contains($"{ManifestLimits.MaxFileBytes}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_is_KUBEAI6003_and_is_never_opened()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var root = TreeWithOneValidFile();
        var fifo = Path.Combine(root, "pipe.yaml");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var line = AssertOneFileProblem(root, ErrorCodes.ManifestNotRegularFile, "pipe.yaml");

        Assert.Contains("FIFO", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlink_loop_is_KUBEAI6004()
    {
        var root = TreeWithOneValidFile();
        File.CreateSymbolicLink(Path.Combine(root, "a.yaml"), Path.Combine(root, "b.yaml"));
        File.CreateSymbolicLink(Path.Combine(root, "b.yaml"), Path.Combine(root, "a.yaml"));

        var run = CliHarness.InProcess("validate", root);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.ErrorLines.Count); // one line per file
        Assert.All(run.ErrorLines, l => Assert.StartsWith($"{ErrorCodes.ManifestSymlinkLoop}: ", l));
        Assert.Contains(run.ErrorLines, l => l.StartsWith($"{ErrorCodes.ManifestSymlinkLoop}: a.yaml: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.StdErr);
    }

    [Fact]
    public void A_folder_link_back_to_the_tree_is_one_KUBEAI6004_line_and_is_not_followed()
    {
        var root = TreeWithOneValidFile();
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(root, "sub", "up"), root);

        AssertOneFileProblem(root, ErrorCodes.ManifestSymlinkLoop, "sub/up");
    }

    [Fact]
    public void A_binary_file_is_KUBEAI6005()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllBytes(Path.Combine(root, "image.yaml"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0xFF, 0xFE]);

        AssertOneFileProblem(root, ErrorCodes.ManifestNotText, "image.yaml");
    }

    [Fact]
    public void A_nul_in_otherwise_valid_utf8_is_KUBEAI6005()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "nul.yaml"), "apiVersion: v1\0\nkind: ConfigMap\n");

        AssertOneFileProblem(root, ErrorCodes.ManifestNotText, "nul.yaml");
    }

    [Fact]
    public void Alias_expansion_past_the_node_limit_is_KUBEAI6008()
    {
        // "Billion laughs": 9 levels of 10 aliases each expand to 10^9 nodes from a few hundred bytes.
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "laughs.yaml"), yaml.ToString());

        AssertOneFileProblem(root, ErrorCodes.ManifestTooManyNodes, "laughs.yaml");
    }

    [Fact]
    public void An_alias_to_a_node_that_contains_it_is_refused_not_walked_forever()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "cycle.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: x\n  self: *m\n");

        var run = CliHarness.InProcess("validate", root);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(@"^KUBEAI600[18]: cycle\.yaml: ", line);
    }

    [Fact]
    public void An_aliased_mapping_key_is_refused_before_it_is_hashed()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        yaml.Append("? *a9\n: boom\n");
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "key.yaml"), yaml.ToString());

        AssertOneFileProblem(root, ErrorCodes.ManifestMalformedYaml, "key.yaml");
    }

    [Fact]
    public void A_file_name_with_a_newline_stays_one_line()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "bro\nken.yaml"), "kind: [\n");

        AssertOneFileProblem(root, ErrorCodes.ManifestMalformedYaml, "bro\\nken.yaml");
    }

    [Fact]
    public void Every_problem_is_reported_and_the_valid_files_still_pass_both_checks()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "broken.yaml"), "kind: [\n");
        File.WriteAllBytes(Path.Combine(root, "binary.yaml"), [0xFF, 0x00, 0xFE]);

        var run = CliHarness.InProcess("validate", root);

        Assert.Equal(1, run.ExitCode);
        Assert.Collection(run.ErrorLines,
            l => Assert.StartsWith($"{ErrorCodes.ManifestNotText}: binary.yaml: ", l),
            l => Assert.StartsWith($"{ErrorCodes.ManifestMalformedYaml}: broken.yaml: ", l));
        Assert.Contains("1 object(s) in 1 file(s) checked against Kubernetes 1.35 and CRD schemas: 0 violation(s)", run.StdOut);
        Assert.Contains("production rules (restricted pods, requests/limits, probes, services, references): met", run.StdOut);
        Assert.Contains("2 file(s) could not be read", run.StdOut);
    }

    [Fact]
    public void The_validator_and_linter_APIs_report_problems_instead_of_throwing()
    {
        var root = TreeWithOneValidFile();
        File.WriteAllText(Path.Combine(root, "deep.yaml"), new string('[', 100_000));
        File.WriteAllText(Path.Combine(root, "broken.yaml"), "kind: [\n");

        var result = SchemaValidator.Default.ValidateDirectory(root);
        var findings = WorkloadLinter.LintDirectory(root);

        Assert.False(result.IsValid);
        Assert.Empty(result.Violations);
        Assert.Equal([ErrorCodes.ManifestMalformedYaml, ErrorCodes.ManifestTooDeep], result.Problems.Select(p => p.Code));
        Assert.Equal(1, result.ObjectsChecked);
        Assert.Empty(findings);
    }

    [Fact]
    public void Validating_text_that_nests_too_deep_is_a_violation_not_a_stack_overflow()
    {
        var violation = Assert.Single(SchemaValidator.Default.Validate(new string('[', 100_000) + new string(']', 100_000), "deep.yaml"));

        Assert.Contains("nests deeper than", violation.Message, StringComparison.Ordinal);
    }
}
