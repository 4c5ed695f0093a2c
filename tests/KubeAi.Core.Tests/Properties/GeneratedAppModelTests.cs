using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Generation;
using KubeAi.Validation;
using KubeAi.TestSupport;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Core.Tests.Properties;

/// <summary>
/// Property: for any app model (projects, containers with env, args, bindings and volumes, parameters secret
/// or not, connection strings, expressions referring to each other, <c>deployment</c> objects with resources,
/// probes, GPUs, ingress and training jobs, hostile strings throughout), generation either succeeds with a
/// tree that validates strictly, passes the lint and renders with kustomize, or fails with one KUBEAI line
/// (shorter than 500 characters, control characters escaped): never another exception, never an invalid tree.
/// The cases come from CsCheck generators driven by one fixed seed: the same 300 cases on every run.
/// </summary>
public sealed class GeneratedAppModelTests(ITestOutputHelper output)
{
    private const int Cases = 300;
    private const int RenderEvery = 10;
    private static readonly PCG s_seed = new(10, 20261202);

    [Fact]
    public void Any_app_model_gives_a_valid_tree_or_one_coded_line()
    {
        var pcg = new PCG(s_seed.Stream, s_seed.Seed);
        var kubectl = FindKubectl();
        var root = RepoPaths.NewTempDirectory("kubeai-property");
        var successes = 0;
        var coded = 0;
        var rendered = 0;
        var codes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan generating = default, checking = default, rendering = default;
        for (var i = 0; i < Cases; i++)
        {
            var (manifest, options) = AppModels.Case.Generate(pcg, null, out _);
            var json = manifest.ToJsonString();
            var folder = Path.Combine(root, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var started = clock.Elapsed;
            try
            {
                try
                {
                    KubeAiGenerator.Generate(ManifestReader.Read(json, "property.json"), folder, options);
                }
                finally
                {
                    generating += clock.Elapsed - started;
                }
            }
            catch (KubeAiException error)
            {
                coded++;
                codes[error.Code] = codes.GetValueOrDefault(error.Code) + 1;
                var line = error.ToDisplayString();
                if (!line.StartsWith("KUBEAI", StringComparison.Ordinal) || line.Length >= 500 || line.Any(char.IsControl))
                {
                    problems.Add($"case {i}: bad error line ({line.Length} chars): {Messages.OneLine(line, 600)}\n{Short(json)}");
                }

                continue;
            }
            catch (Exception crash)
            {
                problems.Add($"case {i}: crash {crash.GetType().Name}: {Messages.OneLine(crash.Message, 300)}\n{Short(json)}");
                continue;
            }

            successes++;
            started = clock.Elapsed;
            var tree = Path.Combine(folder, "base");
            var schema = SchemaValidator.Default.ValidateDirectory(tree);
            var lint = WorkloadLinter.LintDirectory(tree);
            var structural = StructuralProblems(tree);
            var valid = schema.IsValid && lint.Count == 0 && structural.Count == 0;
            if (!valid)
            {
                problems.Add($"case {i}: invalid output: {string.Join("; ", schema.Violations.Take(3).Select(v => v.ToString()).Concat(lint.Take(3).Select(f => f.ToString())).Concat(structural.Take(3)))}\n{Short(json)}");
            }

            checking += clock.Elapsed - started;
            if (valid && kubectl && successes % RenderEvery == 1)
            {
                started = clock.Elapsed;
                try
                {
                    Kustomize.RenderCopy(folder);
                    rendered++;
                    rendering += clock.Elapsed - started;
                }
                catch (InvalidOperationException failed)
                {
                    problems.Add($"case {i}: kubectl kustomize failed: {Messages.OneLine(failed.Message, 2000)}\n{Short(json)}");
                }
            }

            Directory.Delete(folder, recursive: true);
        }

        Directory.Delete(root, recursive: true);
        output.WriteLine($"cases {Cases}, successes {successes}, coded failures {coded}, rendered {rendered}{(kubectl ? string.Empty : " (kubectl not installed: rendering skipped)")}, problems {problems.Count}");
        output.WriteLine($"time: generating {generating.TotalSeconds:F1} s, validating and linting {checking.TotalSeconds:F1} s, rendering {rendering.TotalSeconds:F1} s (figures only: nothing asserts on them)");
        output.WriteLine("codes: " + string.Join(", ", codes.Select(c => $"{c.Key} x{c.Value}")));
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n\n", problems.Take(5)));

        // The generators must reach both sides, or the property says nothing.
        Assert.True(successes >= Cases / 5, $"only {successes} of {Cases} cases generated a tree");
        Assert.True(coded >= Cases / 5, $"only {coded} of {Cases} cases were refused");
    }

    private static bool FindKubectl()
    {
        try
        {
            return File.Exists(Kustomize.Kubectl);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Short(string json) => json.Length <= 3000 ? json : json[..3000] + "...";

    /// <summary>
    /// What Kubernetes rejects and no schema says, read back from the written files (not the objects that
    /// KubeAi checked before writing): duplicate mount paths, bad port and env names, bad data keys.
    /// </summary>
    private static List<string> StructuralProblems(string tree)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(tree, "*.yaml", SearchOption.AllDirectories))
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                stream.Load(reader);
            }

            foreach (var document in stream.Documents)
            {
                var pending = new Stack<YamlNode>();
                pending.Push(document.RootNode);
                while (pending.Count > 0)
                {
                    switch (pending.Pop())
                    {
                        case YamlSequenceNode sequence:
                            foreach (var child in sequence)
                            {
                                pending.Push(child);
                            }

                            break;
                        case YamlMappingNode map:
                            if (map.Children.TryGetValue("containers", out var containers) && containers is YamlSequenceNode list)
                            {
                                foreach (var container in list.OfType<YamlMappingNode>())
                                {
                                    CheckContainer(container, file, found);
                                }
                            }

                            foreach (var child in map.Children.Values)
                            {
                                pending.Push(child);
                            }

                            break;
                    }
                }
            }
        }

        foreach (var env in Directory.EnumerateFiles(tree, "*.env*", SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadLines(env).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var key = line.Split('=')[0];
                if (!KubernetesNames.IsConfigKey(key))
                {
                    found.Add($"{Path.GetFileName(env)}: key '{Messages.OneLine(key, 80)}' is not a valid data key");
                }
            }
        }

        return found;
    }

    private static void CheckContainer(YamlMappingNode container, string file, List<string> found)
    {
        IEnumerable<YamlMappingNode> Items(string key) =>
            container.Children.TryGetValue(key, out var node) && node is YamlSequenceNode sequence ? sequence.OfType<YamlMappingNode>() : [];
        string? Text(YamlMappingNode map, string key) => map.Children.TryGetValue(key, out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

        var where = Path.GetFileName(file);
        var mountPaths = Items("volumeMounts").Select(m => Text(m, "mountPath")).ToList();
        if (mountPaths.Distinct().Count() != mountPaths.Count)
        {
            found.Add($"{where}: duplicate mountPath in {string.Join(", ", mountPaths)}");
        }

        foreach (var port in Items("ports").Select(p => Text(p, "name")).OfType<string>())
        {
            if (!KubernetesNames.IsPortName(port))
            {
                found.Add($"{where}: port name '{port}'");
            }
        }

        foreach (var env in Items("env").Select(e => Text(e, "name")).OfType<string>())
        {
            if (KubernetesNames.CheckEnvVarName(env) is not null)
            {
                found.Add($"{where}: env name '{Messages.OneLine(env, 80)}'");
            }
        }
    }
}

/// <summary>
/// CsCheck generators of Aspire app models. Half the cases are well formed (every structural choice valid, the
/// values hostile: TABs, newlines, unicode, YAML-looking text, 5,000-character strings), so generation must
/// succeed and write valid Kubernetes; the other half mix in invalid names, quantities, ports, paths and
/// references, so it must refuse them with one coded line.
/// </summary>
internal static class AppModels
{
    private static readonly Gen<string> s_goodName = Gen.OneOf("api", "web", "db", "cache", "worker", "llm", "trainer", "ml-svc", "a1", "queue", "search");

    private static readonly Gen<string> s_badName = Gen.OneOf("API", "my_api", new string('a', 64), "x\ty", "ünï", "1abc", "-a", "a.b");

    /// <summary>Strings that YAML, shells, Kubernetes expansion or one-line messages could misread.</summary>
    public static readonly Gen<string> Hostile = Gen.OneOf(
        "yes", "no", "on", "off", "Y", "~", "null", "true", "0x1F", "1e3", "007", "1_000", "12:30", ".inf", "-.5",
        "- item", "key: value", "#comment", "'q'", "\"dq\"", "[a, b]", "{a: b}", "&anchor", "*alias", "!tag", "%x", "@x", "`x`", "|", ">",
        " lead", "trail ", "", " ", "a\tb", "\t", "line1\nline2", "\r\n", "héllo", "日本語", "emoji 😀", "\u200b", "\u0001", "\u007f", "\u2028",
        "$(HOME)", "$$", "$(", "a=b", "--flag", "C:\\path", "../../etc/passwd",
        new string('x', 5000), string.Concat(Enumerable.Repeat("ab\t", 300)));

    /// <summary>A value: any text, hostile text often.</summary>
    public static readonly Gen<string> Plain = Gen.Frequency(
        (4, Gen.OneOf("hello", "32", "true", "https://example.com/x?y=1", "Information", "in_memory", "/data")),
        (3, Hostile),
        (2, Gen.String[Gen.Char.AlphaNumeric, 0, 20]),
        (1, Gen.String[Gen.Char, 0, 40].Where(s => !s.Any(char.IsSurrogate))));

    private static readonly Gen<string> s_goodCpuRequest = Gen.OneOf("100m", "250m", "0.1", "1e-1");
    private static readonly Gen<string> s_goodMemoryRequest = Gen.OneOf("64Mi", "128Mi", "100M", "1e8");
    private static readonly Gen<string> s_goodCpuLimit = Gen.OneOf("1", "2", "1500m", "+1");
    private static readonly Gen<string> s_goodMemoryLimit = Gen.OneOf("512Mi", "1Gi", "2Gi", "1e9");
    private static readonly Gen<string> s_badQuantity = Gen.OneOf("-1", "0", "0Mi", "abc", "1 Gi", "1GB", "", "1e400", "9999999999999999999999Ei", "1Gi\n", "½", "1,5", " 1Gi", "1Ki\t", "4Gi", "64");

    public static Gen<string> Quantity(bool clean, Gen<string> good) => clean ? good : Gen.Frequency((3, good), (2, s_badQuantity));

    private static readonly Gen<string> s_goodEnvKey = Gen.OneOf("FOO", "LOG_LEVEL", "ConnectionStrings__db", "OTEL_SERVICE_NAME", "a.b", "Logging__LogLevel__Default", "weird:key", "x-y");
    private static readonly Gen<string> s_badEnvKey = Gen.OneOf("A=B", "", new string('K', 300), "ключ", "x\ty", "1X", "my var");

    // Binding names are free text: KubeAi makes port names of them, so the hostile ones must succeed too.
    private static readonly Gen<string> s_bindingName = Gen.Frequency(
        (6, Gen.OneOf("http", "https", "grpc", "metrics", "tcp", "admin")),
        (2, Gen.OneOf("-", "___", "123", "a-very-long-binding-name", "Http", "a--b", "port-", "x y", "日本")));

    private static readonly Gen<string> s_badMountPath = Gen.OneOf("/data", "/models", "/checkpoints", "relative", "/dev/shm", "/tmp/a\tb", "");

    /// <summary>A case: well formed (2 in 5), well formed with one fault (2 in 5), or faults anywhere (1 in 5).</summary>
    public static Gen<(JsonObject Manifest, GeneratorOptions Options)> Case =>
        from mode in Gen.Frequency((2, Gen.Const(0)), (2, Gen.Const(1)), (1, Gen.Const(2)))
        from model in Model(mode != 2)
        from fault in Gen.Int[0, Faults.Length - 1]
        from faultSeed in Gen.ULong
        select mode == 1 ? Faults[fault](model.Manifest, model.Options, new PCG(4, faultSeed)) : model;

    private delegate (JsonObject, GeneratorOptions) Fault(JsonObject manifest, GeneratorOptions options, PCG pcg);

    private static IEnumerable<JsonObject> Workloads(JsonObject manifest) =>
        ((JsonObject)manifest["resources"]!).Select(p => p.Value).OfType<JsonObject>().Where(r => r["type"]?.GetValue<string>() is "project.v0" or "container.v0" or "container.v1");

    private static (JsonObject, GeneratorOptions) OnFirstWorkload(JsonObject manifest, GeneratorOptions options, Action<JsonObject> change)
    {
        if (Workloads(manifest).FirstOrDefault() is { } workload)
        {
            change(workload);
        }

        return (manifest, options);
    }

    private static JsonObject DeploymentOf(JsonObject manifest, JsonObject workload)
    {
        ((JsonObject)manifest["resources"]!)["k8s"] ??= new JsonObject { ["type"] = "kubeai.environment.v0" };
        if (workload["deployment"] is not JsonObject deployment)
        {
            workload["deployment"] = deployment = new JsonObject();
        }

        return deployment;
    }

    /// <summary>One thing Kubernetes (or KubeAi) cannot take, put into an otherwise valid model.</summary>
    private static readonly Fault[] Faults =
    [
        // A quantity that is not one, or not above zero: in the contract, and as a CLI/MSBuild default.
        (m, o, pcg) => OnFirstWorkload(m, o, w => DeploymentOf(m, w)["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = pcg.Draw(s_badQuantity) } }),
        (m, o, pcg) => (m, o with { Resources = new ResourceDefaults(null, null, null, pcg.Draw(Gen.OneOf("-1", "0", "1 Gi", "abc"))) }),
        // Requests above limits: both in the contract, or a request against KubeAi's default limit.
        (m, o, pcg) => OnFirstWorkload(m, o, w => DeploymentOf(m, w)["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = "2Gi" }, ["limits"] = new JsonObject { ["memory"] = "1Gi" } }),
        (m, o, pcg) => (m, o with { Resources = new ResourceDefaults(pcg.Draw(Gen.OneOf("2", "4")), null, null, null) }),
        // Two volumes at one path, and a volume where the model cache goes.
        (m, o, pcg) => OnFirstWorkload(m, o, w =>
        {
            w["type"] = "container.v0";
            w["image"] = "nginx:1.27";
            w.Remove("path");
            w["volumes"] = new JsonArray(new JsonObject { ["name"] = "one", ["target"] = "/same" }, new JsonObject { ["name"] = "two", ["target"] = "/same" });
            if (w["deployment"] is JsonObject { } d && d["kind"] is not null)
            {
                w.Remove("deployment");
            }
        }),
        (m, o, pcg) => OnFirstWorkload(m, o, w =>
        {
            w["type"] = "container.v0";
            w["image"] = "nginx:1.27";
            w.Remove("path");
            w.Remove("deployment");
            w["volumes"] = new JsonArray(new JsonObject { ["name"] = "models", ["target"] = "/models" });
            DeploymentOf(m, w)["modelCache"] = new JsonObject { ["size"] = "10Gi", ["mountPath"] = "/models" };
        }),
        // Names: an env var, a secret key 300 characters long, a workload name, a label value, a MIG profile, a queue.
        (m, o, pcg) => OnFirstWorkload(m, o, w => w["env"] = new JsonObject { [pcg.Draw(Gen.OneOf("A=B", "", "x\u0001y"))] = "v" }),
        (m, o, pcg) =>
        {
            var name = pcg.Draw(Gen.OneOf(new string('k', 300), "my key", "ключ"));
            ((JsonObject)m["resources"]!)[name] = ParameterResource(name, true, null, null, false);
            return OnFirstWorkload(m, o, w => w["env"] = new JsonObject { ["KEY"] = $"{{{name}.value}}" });
        },
        (m, o, pcg) =>
        {
            var resources = (JsonObject)m["resources"]!;
            if (Workloads(m).FirstOrDefault() is { } w)
            {
                var name = resources.First(p => p.Value == w).Key;
                resources.Remove(name);
                resources[pcg.Draw(s_badName)] = w;
            }

            return (m, o);
        },
        (m, o, pcg) => OnFirstWorkload(m, o, w => DeploymentOf(m, w)["gpu"] = new JsonObject { ["count"] = 1, ["product"] = pcg.Draw(Gen.OneOf("bad product", new string('n', 64), "-x")) }),
        (m, o, pcg) => OnFirstWorkload(m, o, w => DeploymentOf(m, w)["gpu"] = new JsonObject { ["count"] = 1, ["mig"] = pcg.Draw(Gen.OneOf("8g.10gb", "1g.10gb+me", "1g.0gb", "1g.10gb\n")) }),
        (m, o, pcg) => OnFirstWorkload(m, o, w =>
        {
            w.Remove("bindings");
            w.Remove("volumes");
            w["deployment"] = new JsonObject
            {
                ["kind"] = "TrainingJob",
                ["trainingJob"] = new JsonObject { ["queue"] = pcg.Draw(Gen.OneOf(new string('q', 64), "Bad", "team-a")), ["kueuePriorityClass"] = pcg.Draw(Gen.OneOf(new string('h', 64), "Bad Class")) },
            };
            DeploymentOf(m, w);
        }),
        // A value kustomize cannot read back.
        (m, o, pcg) => OnFirstWorkload(m, o, w => w["args"] = new JsonArray(pcg.Draw(Gen.OneOf("\u0001", "a\u007fb", "\u009b", "\uFFFF")))),
        // Nothing to deploy.
        (m, o, pcg) =>
        {
            var resources = (JsonObject)m["resources"]!;
            foreach (var name in resources.Where(p => Workloads(m).Contains(p.Value)).Select(p => p.Key).ToList())
            {
                resources.Remove(name);
            }

            return (m, o);
        },
        // A port the process cannot listen on, and a reference to nothing.
        (m, o, pcg) => OnFirstWorkload(m, o, w => w["bindings"] = new JsonObject { ["http"] = new JsonObject { ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http", ["targetPort"] = pcg.Draw(Gen.OneOf(0, 70000, -1)) } }),
        (m, o, pcg) => OnFirstWorkload(m, o, w => w["env"] = new JsonObject { ["URL"] = pcg.Draw(Gen.OneOf("{nothing.value}", "{nothing.bindings.http.url}", "{unclosed")) }),
    ];

    private static Gen<(JsonObject Manifest, GeneratorOptions Options)> Model(bool clean) =>
        from names in Gen.Frequency((1, Gen.Const(0)), (40, Gen.Int[1, 4])).SelectMany(n => (clean ? s_goodName : Gen.Frequency((6, s_goodName), (1, s_badName))).Array[n])
        from parameters in Gen.Int[0, 3].SelectMany(n => Parameters(clean).Array[n])
        from environment in Gen.Frequency((7, Gen.Const(true)), (3, Gen.Const(false)))
        from envDefaults in Gen.Frequency((3, Gen.Const((JsonObject?)null)), (1, ResourcesObject(clean).Select(r => (JsonObject?)r)))
        from workloadSeeds in Gen.ULong.Array[names.Length]
        from valueSeed in Gen.ULong
        from defaults in Gen.Frequency(
            (4, Gen.Const((ResourceDefaults?)null)),
            (1, from a in Quantity(clean, s_goodMemoryRequest) from b in Quantity(clean, s_goodMemoryLimit) select (ResourceDefaults?)new ResourceDefaults(null, a, null, b)))
        from format in Gen.OneOf(OutputFormat.Kustomize, OutputFormat.Kustomize, OutputFormat.Both)
        select Build(clean, names.Distinct().ToArray(), parameters.DistinctBy(p => p.Name).ToArray(), environment, envDefaults, workloadSeeds, valueSeed, defaults, format);

    private static Gen<(string Name, JsonObject Resource)> Parameters(bool clean) =>
        from name in clean
            ? Gen.OneOf("pw", "apikey", "model-name", "batch-size", "conn", "Api_Key")
            : Gen.Frequency((6, Gen.OneOf("pw", "apikey", "model-name", "batch-size", "conn")), (1, Gen.OneOf(new string('p', 300), "my param", "P")))
        from secret in Gen.OneOf<JsonNode?>(true, false, "true", "false", null)
        from value in Gen.Frequency((2, Gen.Const((string?)null)), (clean ? 0 : 1, Plain.Select(v => (string?)v)))
        from defaultValue in Gen.Frequency((2, Gen.Const((string?)null)), (1, Plain.Select(v => (string?)v)))
        from connection in Gen.Bool
        select (name, ParameterResource(name, secret, value, defaultValue, connection));

    private static JsonObject ParameterResource(string name, JsonNode? secret, string? value, string? defaultValue, bool connection)
    {
        var input = new JsonObject { ["type"] = "string" };
        if (secret is not null)
        {
            input["secret"] = secret.DeepClone();
        }

        if (defaultValue is not null)
        {
            input["default"] = new JsonObject { ["value"] = defaultValue };
        }

        var resource = new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = value ?? $"{{{name}.inputs.value}}",
            ["inputs"] = new JsonObject { ["value"] = input },
        };
        if (connection)
        {
            resource["connectionString"] = $"{{{name}.value}}";
        }

        return resource;
    }

    private static Gen<JsonObject> ResourcesObject(bool clean) => clean
        ? ResourcesOf(clean)
        : Gen.Frequency(
            (3, ResourcesOf(clean)),
            // Each valid alone, invalid together: a request above its limit.
            (1, Gen.OneOf(("2Gi", "1Gi"), ("2", "500m"), ("1e10", "1Gi")).Select(p => new JsonObject
            {
                ["requests"] = new JsonObject { [p.Item2.EndsWith('m') || p.Item1 == "2" ? "cpu" : "memory"] = p.Item1 },
                ["limits"] = new JsonObject { [p.Item2.EndsWith('m') || p.Item1 == "2" ? "cpu" : "memory"] = p.Item2 },
            })));

    private static Gen<JsonObject> ResourcesOf(bool clean) =>
        from requests in QuantityPair(Quantity(clean, s_goodCpuRequest), Quantity(clean, s_goodMemoryRequest))
        from limits in QuantityPair(Quantity(clean, s_goodCpuLimit), Quantity(clean, s_goodMemoryLimit))
        select new JsonObject { ["requests"] = requests, ["limits"] = limits };

    private static Gen<JsonObject> QuantityPair(Gen<string> cpu, Gen<string> memory) =>
        from c in Gen.Frequency((1, Gen.Const((string?)null)), (2, cpu.Select(q => (string?)q)))
        from m in Gen.Frequency((1, Gen.Const((string?)null)), (2, memory.Select(q => (string?)q)))
        select Object(("cpu", c), ("memory", m));

    private static JsonObject Object(params (string Key, JsonNode? Value)[] pairs)
    {
        var result = new JsonObject();
        foreach (var (key, value) in pairs.Where(p => p.Value is not null))
        {
            result[key] = value;
        }

        return result;
    }

    private static (JsonObject, GeneratorOptions) Build(
        bool clean, string[] names, (string Name, JsonObject Resource)[] parameters, bool environment, JsonObject? envDefaults, ulong[] seeds, ulong valueSeed, ResourceDefaults? defaults, OutputFormat format)
    {
        var resources = new JsonObject();
        if (environment)
        {
            var env = new JsonObject { ["type"] = "kubeai.environment.v0" };
            if (envDefaults is not null)
            {
                env["resources"] = envDefaults;
            }

            resources["k8s"] = env;
        }

        var parameterNames = parameters.Select(p => p.Name).Where(p => !names.Contains(p)).ToArray();
        foreach (var (name, parameter) in parameters.Where(p => parameterNames.Contains(p.Name)))
        {
            resources[name] = parameter;
        }

        var all = names.Concat(parameterNames).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            var pcg = new PCG(1, seeds[i]);
            resources[names[i]] = Workload(pcg, clean, names[i], clean ? parameterNames : all, environment);
        }

        // A connection string made of the others: value.v0 the way AddConnectionString writes it.
        var valuePcg = new PCG(2, valueSeed);
        if (valuePcg.Draw(Gen.Bool))
        {
            resources["conn-" + (all.FirstOrDefault() ?? "x")] = new JsonObject
            {
                ["type"] = "value.v0",
                ["connectionString"] = Expression(valuePcg, clean, clean ? parameterNames : all),
            };
        }

        var options = new GeneratorOptions { ApplicationName = "app", Tag = "1.0.0", Resources = defaults, Format = format };
        return (new JsonObject { ["resources"] = resources }, options);
    }

    private static T Draw<T>(this PCG pcg, Gen<T> gen) => gen.Generate(pcg, null, out _);

    private static T Pick<T>(this PCG pcg, bool clean, Gen<T> good, Gen<T> any) => pcg.Draw(clean ? good : any);

    /// <summary>Text with references to the others: in a clean case to parameters only, otherwise anything, well formed or not.</summary>
    private static string Expression(PCG pcg, bool clean, string[] names)
    {
        if (names.Length == 0)
        {
            return pcg.Draw(Plain);
        }

        var target = pcg.Draw(Gen.OneOf(names));
        var reference = clean
            ? pcg.Draw(Gen.OneOf($"{{{target}.value}}", $"{{{target}.value}}:{{{target}.value}}"))
            : pcg.Draw(Gen.OneOf(
                $"{{{target}.bindings.http.url}}",
                $"{{{target}.connectionString}}",
                $"{{{target}.value}}",
                $"Host={{{target}.bindings.tcp.host}};Port={{{target}.bindings.tcp.port}}",
                $"{{{target}.bindings.http.host}}:{{{target}.bindings.http.targetPort}}",
                "{missing.value}",
                $"{{{target}",
                "}",
                "{{literal}}",
                $"{{{target}.inputs.value}}"));
        return pcg.Draw(Gen.Bool) ? reference : pcg.Draw(Plain) + reference;
    }

    private static JsonObject Workload(PCG pcg, bool clean, string name, string[] names, bool environment)
    {
        var training = environment && pcg.Draw(Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))));
        var kind = pcg.Draw(Gen.Frequency((4, Gen.Const("container.v0")), (3, Gen.Const("project.v0")), (1, Gen.Const("container.v1"))));
        var workload = new JsonObject { ["type"] = kind };
        if (kind == "project.v0")
        {
            workload["path"] = $"../{name}/{name}.csproj";
        }
        else
        {
            var good = Gen.OneOf("nginx:1.27", "redis:7.4", "postgres:17.2", "ghcr.io/example/app:1.0", "docker.io/library/rabbitmq:4.0-management", "localhost:5000/team/model:v1");
            workload["image"] = pcg.Pick(clean, good, Gen.Frequency((8, good), (1, Gen.OneOf("Nginx", "nginx:latest", "", "nginx:1.27\n", "bad image"))));
        }

        var env = new JsonObject();
        for (var i = pcg.Draw(Gen.Int[0, 4]); i > 0; i--)
        {
            env[pcg.Pick(clean, s_goodEnvKey, Gen.Frequency((6, s_goodEnvKey), (1, s_badEnvKey)))] = pcg.Draw(Gen.Bool) ? pcg.Draw(Plain) : Expression(pcg, clean, names);
        }

        if (env.Count > 0)
        {
            workload["env"] = env;
        }

        var args = new JsonArray();
        for (var i = pcg.Draw(Gen.Int[0, 3]); i > 0; i--)
        {
            args.Add(pcg.Draw(Gen.Bool) ? pcg.Draw(Plain) : Expression(pcg, clean, names));
        }

        if (args.Count > 0)
        {
            workload["args"] = args;
        }

        // A clean service listens on http (probes and ingress need it); a clean training job listens on nothing.
        var bindings = new JsonObject();
        if (clean && !training)
        {
            bindings["http"] = new JsonObject { ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http", ["targetPort"] = 8080 };
        }

        for (var i = clean && training ? 0 : pcg.Draw(Gen.Int[0, 2]); i > 0; i--)
        {
            var binding = new JsonObject
            {
                ["scheme"] = pcg.Pick(clean, Gen.OneOf("http", "https", "tcp"), Gen.Frequency((6, Gen.OneOf("http", "https", "tcp")), (1, Gen.OneOf("udp", "amqp")))),
                ["protocol"] = "tcp",
                ["transport"] = "http",
            };
            if (clean || pcg.Draw(Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false)))))
            {
                binding["targetPort"] = pcg.Pick(clean, Gen.Int[1024, 9999], Gen.Frequency((8, Gen.Int[1024, 9999]), (1, Gen.OneOf(0, 70000, 80, 443))));
            }

            if (pcg.Draw(Gen.Bool))
            {
                binding["external"] = true;
            }

            bindings[pcg.Draw(s_bindingName)] = binding;
        }

        if (bindings.Count > 0)
        {
            workload["bindings"] = bindings;
        }

        // Volumes: clean ones at paths nothing else uses (a training job takes none).
        if (kind != "project.v0" && !(clean && training))
        {
            var volumes = new JsonArray();
            var count = pcg.Draw(Gen.Frequency((3, Gen.Const(0)), (2, Gen.Int[1, 2])));
            for (var i = 0; i < count; i++)
            {
                volumes.Add(new JsonObject
                {
                    ["name"] = pcg.Pick(clean, Gen.OneOf($"{name}-data", $"{name}-cache", "shared", "Bad Volume", "ünï vol"), Gen.OneOf($"{name}-data", "shared", "Bad Volume")),
                    ["target"] = clean ? $"/var/lib/{name}/{i}" : pcg.Draw(s_badMountPath),
                    ["readOnly"] = pcg.Draw(Gen.Bool),
                });
            }

            // Two volumes at one path.
            if (!clean && volumes.Count == 2 && pcg.Draw(Gen.Bool))
            {
                volumes[1]!["target"] = "/var/lib/same";
                volumes[0]!["target"] = "/var/lib/same";
            }

            if (volumes.Count > 0)
            {
                workload["volumes"] = volumes;
            }
        }

        if (training)
        {
            workload["deployment"] = TrainingJob(pcg, clean);
        }
        else if (environment && pcg.Draw(Gen.Frequency((2, Gen.Const(true)), (1, Gen.Const(false)))))
        {
            workload["deployment"] = Deployment(pcg, clean);
        }

        return workload;
    }

    private static Gen<string?> Maybe(Gen<string> gen, int none = 1, int some = 1) => Gen.Frequency((none, Gen.Const((string?)null)), (some, gen.Select(v => (string?)v)));

    private static JsonObject Deployment(PCG pcg, bool clean)
    {
        var deployment = new JsonObject();
        if (pcg.Draw(Gen.Bool))
        {
            deployment["replicas"] = pcg.Pick(clean, Gen.Int[0, 5], Gen.Frequency((6, Gen.Int[0, 5]), (1, Gen.OneOf(-1, 100_000))));
        }

        if (pcg.Draw(Gen.Bool))
        {
            deployment["resources"] = pcg.Draw(ResourcesObject(clean));
        }

        if (pcg.Draw(Gen.Frequency((2, Gen.Const(false)), (1, Gen.Const(true)))))
        {
            deployment["probes"] = new JsonArray(new JsonObject
            {
                ["type"] = pcg.Pick(clean, Gen.OneOf("readiness", "liveness", "startup"), Gen.OneOf("readiness", "liveness", "startup", "bogus")),
                ["path"] = pcg.Pick(clean, Gen.OneOf("/health", "/alive", "/a b", "/日本"), Gen.OneOf("/health", "health", "/a\tb")),
            });
        }

        if (pcg.Draw(Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true)))))
        {
            var shm = Quantity(clean, Gen.OneOf("1Gi", "8Gi", "512Mi"));
            deployment["gpu"] = Object(
                ("count", pcg.Pick(clean, Gen.Int[1, 2], Gen.Frequency((6, Gen.Int[1, 2]), (1, Gen.OneOf(0, 100))))),
                ("mig", pcg.Draw(Maybe(clean ? Gen.OneOf("1g.10gb", "3g.40gb", "7g.80gb") : Gen.OneOf("1g.10gb", "8g.10gb", "1g.10gb+me", "x", "1g.0gb"), 3, 2))),
                ("product", pcg.Draw(Maybe(clean ? Gen.OneOf("NVIDIA-A100-SXM4-80GB", "NVIDIA-H100-80GB-HBM3") : Gen.OneOf("NVIDIA-A100-SXM4-80GB", "bad product", "", new string('n', 64)), 2, 1))),
                ("shmSize", pcg.Draw(Maybe(shm, 2, 1))));
        }

        if (pcg.Draw(Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true)))))
        {
            deployment["ingress"] = Object(
                ("host", pcg.Pick(clean, Gen.OneOf<string?>("api.example.com", "*.example.com", null), Gen.OneOf<string?>("api.example.com", "Bad_Host", "", null))),
                ("path", pcg.Pick(clean, Gen.OneOf<string?>("/", "/api", null), Gen.OneOf<string?>("/", "x", null))));
        }

        if (pcg.Draw(Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true)))))
        {
            deployment["modelCache"] = Object(
                ("size", pcg.Draw(Quantity(clean, Gen.OneOf("10Gi", "50Gi", "1e11")))),
                ("mountPath", pcg.Pick(clean, Gen.OneOf<string?>("/models", "/cache/models", null), Gen.OneOf<string?>("/models", "/data", null))));
        }

        if (pcg.Draw(Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true)))))
        {
            var min = pcg.Pick(clean, Gen.Int[1, 3], Gen.Int[0, 3]);
            deployment["autoscaling"] = new JsonObject
            {
                ["minReplicas"] = min,
                ["maxReplicas"] = clean ? min + pcg.Draw(Gen.Int[0, 3]) : pcg.Draw(Gen.Int[1, 5]),
            };
        }

        return deployment;
    }

    private static JsonObject TrainingJob(PCG pcg, bool clean)
    {
        var size = Quantity(clean, Gen.OneOf("5Gi", "10Gi", "1e10"));
        var job = Object(
            ("flavor", pcg.Pick(clean, Gen.OneOf("job", "jobset", "job"), Gen.OneOf("job", "jobset", "pytorchjob", "trainjob", "bogus"))),
            ("workers", pcg.Pick(clean, Gen.Int[1, 3], Gen.Frequency((6, Gen.Int[1, 3]), (1, Gen.Const(0))))),
            ("checkpoint", pcg.Draw(Gen.Bool) ? Object(("size", pcg.Draw(size)), ("mountPath", pcg.Pick(clean, Gen.OneOf<string?>("/checkpoints", null), Gen.OneOf<string?>("/checkpoints", "/data", null)))) : null),
            ("dataset", pcg.Draw(Gen.Bool) ? Object(("source", "https://example.com/d.csv"), ("mountPath", pcg.Pick(clean, Gen.OneOf<string?>("/data", null), Gen.OneOf<string?>("/data", "/checkpoints", null))), ("size", pcg.Draw(size))) : null),
            ("queue", pcg.Draw(Maybe(clean ? Gen.OneOf("team-a", "gpu.queue", new string('q', 63)) : Gen.OneOf("team-a", new string('q', 70), "Bad", ""), 3, 2))),
            ("priorityClassName", pcg.Draw(Maybe(clean ? Gen.OneOf("batch-low", "high.priority") : Gen.OneOf("batch-low", "Bad"), 3, 1))),
            ("schedule", pcg.Draw(Maybe(clean ? Gen.OneOf("0 3 * * 0", "*/5 * * * *") : Gen.OneOf("0 3 * * 0", "bad"), 3, 1))));
        if (job["queue"] is not null && pcg.Draw(Gen.Bool))
        {
            job["kueuePriorityClass"] = pcg.Pick(clean, Gen.OneOf("high", "low.batch"), Gen.OneOf("high", new string('h', 70), "Bad Class"));
        }

        return new JsonObject { ["kind"] = "TrainingJob", ["trainingJob"] = job };
    }
}
