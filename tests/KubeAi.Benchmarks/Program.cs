using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KubeAi.Benchmarks;
using KubeAi.Core;
using KubeAi.Validation;

// dotnet run -c Release --project tests/KubeAi.Benchmarks -- [--quick] [--sizes] [BenchmarkDotNet args, e.g. --filter '*Validate*']
//   --quick  ShortRun (1 launch, 3 warm-up, 3 measured iterations), in process: a few minutes on 2 cores
//   --sizes  only print what the synthetic manifests generate (files, objects, bytes), then exit
//   --write-manifest N FILE  write the synthetic manifest of N resources (N/2 projects) to FILE, then exit (build/bench-cli.sh)
if (args is ["--write-manifest", var count, var path])
{
    File.WriteAllText(path, SyntheticManifest.Create(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)));
    return 0;
}

var quick = args.Contains("--quick");
var sizesOnly = args.Contains("--sizes");
var rest = args.Where(a => a is not "--quick" and not "--sizes").ToArray();

PrintSizes();
if (sizesOnly)
{
    return 0;
}

// In process in both modes: the repository builds with UseArtifactsOutput, and the in-process
// toolchain measures exactly the assemblies that were built, without generating a project.
var job = (quick ? Job.ShortRun : Job.Default)
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithId(quick ? "Quick" : "Default");
var config = ManualConfig.CreateMinimumViable()
    .AddJob(job)
    .AddColumn(StatisticColumn.Median)
    .AddExporter(MarkdownExporter.GitHub)
    .WithArtifactsPath(Path.Combine(RepoRoot(), "artifacts", "benchmarks"))
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(20))
    .WithOptions(ConfigOptions.JoinSummary);

var summaries = BenchmarkSwitcher.FromTypes([typeof(GenerationBenchmarks)]).Run(rest, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

static void PrintSizes()
{
    Console.WriteLine("| Resources | Manifest KiB | Workloads | Objects | Files | YAML KiB | First run ms (JIT, cold) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var resources in new[] { 10, 100, 1000 })
    {
        var json = SyntheticManifest.Create(resources);
        var root = Path.Combine(Path.GetTempPath(), $"kubeai-bench-sizes-{Environment.ProcessId}");
        var manifest = Path.Combine(root, "aspire-manifest.json");
        Directory.CreateDirectory(root);
        File.WriteAllText(manifest, json);
        try
        {
            var watch = Stopwatch.StartNew();
            var result = KubeAiGenerator.GenerateFromFile(manifest, Path.Combine(root, "k8s"), GenerationBenchmarks.Options);
            var ms = watch.Elapsed.TotalMilliseconds;
            var files = Directory.GetFiles(Path.Combine(root, "k8s"), "*", SearchOption.AllDirectories);
            var yaml = files.Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"| {resources} | {json.Length / 1024.0:F1} | {result.Application.Resources.Count} | {result.Application.Resources.Sum(r => r.Objects.Count)} | {files.Length} | {yaml / 1024.0:F1} | {ms:F0} |");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    var preload = Stopwatch.StartNew();
    var kinds = SchemaValidator.Default.Preload();
    Console.WriteLine($"schema preload (once per process, not in the benchmarks): {kinds} kinds in {preload.Elapsed.TotalMilliseconds:F0} ms");
    Console.WriteLine();
}

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "KubeAi.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
