using BenchmarkDotNet.Attributes;
using KubeAi.Core;
using KubeAi.Core.AppModel;
using KubeAi.Core.Generation;
using KubeAi.Core.Output;
using KubeAi.Validation;

namespace KubeAi.Benchmarks;

/// <summary>
/// KubeAi.Core generation for synthetic manifests of 10, 100 and 1000 resources:
/// (a) read + resolve + generate objects, (b) the full run with serialisation and a no-op write,
/// (c) strict schema validation of the generated tree.
/// </summary>
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    private string _json = string.Empty;
    private string _root = string.Empty;
    private string _manifestPath = string.Empty;
    private string _outputNoOp = string.Empty;
    private string _outputFresh = string.Empty;
    private GeneratorOptions _options = null!;
    private GeneratedApplication _application = null!;

    [Params(10, 100, 1000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _json = SyntheticManifest.Create(Resources);
        _root = Path.Combine(Path.GetTempPath(), $"kubeai-bench-{Environment.ProcessId}-{Resources}");
        Directory.CreateDirectory(_root);
        _manifestPath = Path.Combine(_root, "aspire-manifest.json");
        File.WriteAllText(_manifestPath, _json);
        _outputNoOp = Path.Combine(_root, "kubernetes");
        _outputFresh = Path.Combine(_root, "kubernetes-fresh");
        _options = Options;

        // The first write happens here; every measured full run is the second, no-op write.
        var first = KubeAiGenerator.GenerateFromFile(_manifestPath, _outputNoOp, _options);
        if (first.Write.Written == 0)
        {
            throw new InvalidOperationException("setup wrote nothing");
        }

        _application = ApplicationGenerator.Generate(ManifestReader.Read(_json, "aspire-manifest.json"), _options);

        // Schemas load lazily once per process; load them outside the measurement.
        SchemaValidator.Default.Preload();
        var check = SchemaValidator.Default.ValidateDirectory(_outputNoOp);
        if (check.Violations.Count > 0)
        {
            throw new InvalidOperationException($"the generated tree is not valid: {check.Violations[0]}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static GeneratorOptions Options { get; } = new()
    {
        ApplicationName = "bench",
        Namespace = "bench",
        Registry = "registry.example.com/bench",
        Tag = "1.0.0",
    };

    /// <summary>(a) Manifest JSON -> app model -> resolved expressions -> Kubernetes objects (no serialisation, no I/O).</summary>
    [Benchmark(Description = "a) read+resolve+generate")]
    public GeneratedApplication ReadResolveGenerate()
    {
        var manifest = ManifestReader.Read(_json, "aspire-manifest.json");
        return ApplicationGenerator.Generate(manifest, _options);
    }

    /// <summary>(b) KubeAiGenerator.GenerateFromFile: read the file, generate, KustomizeLayout.Build (YAML), OutputWriter (no-op: every file unchanged).</summary>
    [Benchmark(Description = "b) full run, no-op write")]
    public WriteResult FullRunNoOpWrite()
    {
        var result = KubeAiGenerator.GenerateFromFile(_manifestPath, _outputNoOp, _options);
        if (result.Write.Written != 0)
        {
            throw new InvalidOperationException($"expected a no-op write, {result.Write.Written} file(s) written");
        }

        return result.Write;
    }

    /// <summary>(b, part) Only the serialisation step of (b): KustomizeLayout.Build of an already generated application to YAML text.</summary>
    [Benchmark(Description = "b-part) serialise only")]
    public int SerialiseOnly() => KustomizeLayout.Build(_application, _options.SourceName).Count;

    [IterationSetup(Target = nameof(FullRunFreshWrite))]
    public void DeleteFreshOutput()
    {
        if (Directory.Exists(_outputFresh))
        {
            Directory.Delete(_outputFresh, recursive: true);
        }
    }

    /// <summary>(b') The same full run into an empty folder (every file written). One invocation per iteration.</summary>
    [Benchmark(Description = "b') full run, first write")]
    public WriteResult FullRunFreshWrite() => KubeAiGenerator.GenerateFromFile(_manifestPath, _outputFresh, _options).Write;

    /// <summary>(c) Strict schema validation of the generated tree (schemas preloaded).</summary>
    [Benchmark(Description = "c) validate tree")]
    public SchemaValidationResult Validate() => SchemaValidator.Default.ValidateDirectory(_outputNoOp);
}
