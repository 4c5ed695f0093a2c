using System.Text;
using KubeAi.TestSupport;
using Xunit.Abstractions;

namespace KubeAi.Integration.Tests;

/// <summary>
/// The integration matrix: per test app and publish path, the objects by kind that the rendered
/// kustomize tree holds. Written to artifacts/test-results/integration-matrix.md and the test log.
/// </summary>
[Collection(TestAppCollection.Name)]
public sealed class IntegrationMatrixTests(TestAppMatrix matrix, ITestOutputHelper output)
{
    [Fact]
    public void Both_paths_publish_every_app_and_the_matrix_is_written()
    {
        var rows = new List<(string Family, string Path, SortedDictionary<string, int>? Counts, string? Error)>();
        foreach (var app in TestApps.Selected.Select(a => matrix[a.Family]))
        {
            foreach (var path in PublishPaths.All)
            {
                var result = app.Result(path);
                if (result.ExitCode != 0)
                {
                    rows.Add((app.App.Family, path, null, FirstError(result.Output)));
                    continue;
                }

                try
                {
                    rows.Add((app.App.Family, path, new RenderedObjects(Kustomize.RenderCopy(app.Tree(path))).CountByKind(), null));
                }
                catch (InvalidOperationException ex)
                {
                    rows.Add((app.App.Family, path, null, FirstError(ex.Message)));
                }
            }
        }

        var kinds = rows.Where(r => r.Counts is not null).SelectMany(r => r.Counts!.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new StringBuilder();
        table.AppendLine($"| app | path | {string.Join(" | ", kinds)} | total |");
        table.AppendLine($"|---|---|{string.Concat(kinds.Select(_ => "---:|"))}---:|");
        foreach (var row in rows)
        {
            table.AppendLine(row.Counts is null
                ? $"| {row.Family} | {row.Path} | failed: {row.Error?.Replace("|", "\\|", StringComparison.Ordinal)} |"
                : $"| {row.Family} | {row.Path} | {string.Join(" | ", kinds.Select(k => row.Counts.GetValueOrDefault(k).ToString(System.Globalization.CultureInfo.InvariantCulture)))} | {row.Counts.Values.Sum()} |");
        }

        var results = Path.Combine(RepoPaths.Root, "artifacts", "test-results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "integration-matrix.md"), table.ToString());
        output.WriteLine(table.ToString());

        Assert.All(rows, r => Assert.True(r.Counts is not null, $"{r.Family} via {r.Path}: {r.Error}"));
    }

    private static string FirstError(string output) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("KUBEAI", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception", StringComparison.Ordinal))
        ?? output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "(no output)";
}
