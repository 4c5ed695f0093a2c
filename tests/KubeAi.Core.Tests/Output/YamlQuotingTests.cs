using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;
using KubeAi.Core.Output;
using KubeAi.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeAi.Core.Tests.Output;

/// <summary>
/// Every string the YAML writer writes reads back as the same string: through YamlDotNet, and through the pinned
/// <c>kubectl kustomize</c> (go-yaml), for a large set of strings YAML 1.1 or 1.2 could misread.
/// </summary>
public sealed partial class YamlQuotingTests
{
    /// <summary>Strings YAML parsers like to misread, and variations of them (fixed seed: the same set every run).</summary>
    public static IReadOnlyList<string> HostileStrings { get; } = BuildHostileStrings();

    private static List<string> BuildHostileStrings()
    {
        var words = new[]
        {
            "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nil", "none",
            ".inf", "-.inf", "+.inf", ".nan", "<<", "=", "-", "?", ":", "---", "...", "#", "#x", "&a", "*a", "!t", "!!str", "|", ">", "%", "@", "`",
            "'", "\"", "[]", "{}", "[a]", "{a: 1}", "a: b", "a #b", "a:", "- a", "? a", ": a",
            "0", "00", "0123", "0o17", "0x1f", "0X1F", "0b101", "1_000", "+1", "-1", "1e3", "1E3", "1e+3", "1.5e-3", ".5", "5.", "1.", "1.2.3", "127.0.0.1",
            "455937926765e699", "1e999", "9223372036854775808", "1:20", "190:20:30", "1:20.5", "-1:20", "2026-01-02", "2026-1-2", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
            "0.5", "100m", "1Gi", "5e", "e5", "0e0", "00e00", "123abc", "abc123",
        };

        var result = new List<string>();
        foreach (var word in words)
        {
            result.Add(word);
            result.Add(word.ToUpperInvariant());
            result.Add(char.ToUpperInvariant(word[0]) + word[1..]);
            result.Add(" " + word);
            result.Add(word + " ");
            result.Add("\t" + word);
            result.Add(word + "\t");
        }

        // Every control character (TAB, CR, NUL, DEL, C1, separators), alone, inside and at the ends.
        var specials = Enumerable.Range(0, 0x20).Select(c => (char)c).Concat(['\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff']);
        foreach (var c in specials)
        {
            result.Add(c.ToString());
            result.Add($"a{c}b");
            result.Add($"{c}a");
            result.Add($"a{c}");
        }

        result.AddRange(["line one\nline two", "  leading\nlines", "trailing \nspace", "ends with newline\n", "\n", "\n\n", "a\r\nb", "tab\tin\nblock", "é", "日本語", "emoji 🙂", "a\\b", "a\"b", "a'b"]);

        // Hash-like values: 16 hex digits, many of them all digits but one 'e' (a float to YAML).
        var random = new Random(20261202);
        for (var i = 0; i < 400; i++)
        {
            var hex = new StringBuilder();
            for (var j = 0; j < 16; j++)
            {
                hex.Append(i % 2 == 0 && j != 12 ? (char)('0' + random.Next(10)) : "0123456789abcdef"[random.Next(16)]);
            }

            if (i % 2 == 0)
            {
                hex[12] = 'e';
            }

            result.Add(hex.ToString());
        }

        // Random strings over the characters that matter to YAML.
        const string alphabet = "0123456789eExXoObB.+-_:~ #!&*|>'\"%@`,[]{}yesnoYNtruefalsl\t\n";
        for (var i = 0; i < 600; i++)
        {
            var length = 1 + random.Next(8);
            result.Add(new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
        }

        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    private static V1ConfigMap ConfigMapOf(IReadOnlyList<string> values) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = "hostile",
            Annotations = values.Select((v, i) => (v, i)).ToDictionary(p => $"example.com/v{p.i:D5}", p => p.v),
        },
        Data = values.Select((v, i) => (v, i)).ToDictionary(p => $"v{p.i:D5}", p => p.v),
    };

    [Fact]
    public void Hostile_strings_read_back_the_same_through_YamlDotNet_and_plain_ones_are_strings_in_YAML_1_1_and_1_2()
    {
        var values = HostileStrings;
        var yaml = ObjectYaml.Serialize(ConfigMapOf(values));

        var (data, annotations, plain) = ReadBack(yaml);
        for (var i = 0; i < values.Count; i++)
        {
            Assert.True(values[i] == data[$"v{i:D5}"], $"data value {Escape(values[i])} read back as {Escape(data[$"v{i:D5}"])}");
            Assert.True(values[i] == annotations[$"example.com/v{i:D5}"], $"annotation {Escape(values[i])} read back as {Escape(annotations[$"example.com/v{i:D5}"])}");
        }

        var misread = plain.Where(ReadsAsAnotherTypeSomewhere).Select(Escape).ToList();
        Assert.True(misread.Count == 0, "written plain although a YAML 1.1 or 1.2 parser reads it as another type: " + string.Join(", ", misread));
    }

    [Fact]
    public void Hostile_strings_as_keys_read_back_the_same_through_YamlDotNet()
    {
        var keys = HostileStrings.Where(s => s.Length > 0).ToList();
        var yaml = ObjectYaml.Serialize(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "keys" }, Data = keys.ToDictionary(k => k, _ => "x") });
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var data = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("data")];
        var read = data.Children.Keys.Cast<YamlScalarNode>().ToList();
        Assert.Equal(keys, read.Select(k => k.Value!));
        var misread = read.Where(k => k.Style == ScalarStyle.Plain && ReadsAsAnotherTypeSomewhere(k.Value!)).Select(k => Escape(k.Value!)).ToList();
        Assert.True(misread.Count == 0, "keys written plain that read as another type: " + string.Join(", ", misread));
    }

    /// <summary>
    /// What kustomize itself cannot carry, however it is written: go-yaml refuses DEL (U+007F) in any form, writes
    /// NEL (U+0085) raw where a YAML 1.1 reader sees a line break, and kustomize re-emits annotations as literal
    /// blocks it cannot read back when a line starts with a TAB.
    /// </summary>
    private static bool KustomizeCannotCarry(string value) =>
        value.Contains('\u007f') || value.Contains('\u0085') || value.Contains("\n\t", StringComparison.Ordinal) || (value.StartsWith('\t') && value.Contains('\n'));

    [KustomizeFact]
    public void Hostile_strings_read_back_the_same_through_kubectl_kustomize()
    {
        var values = HostileStrings.Where(v => !KustomizeCannotCarry(v)).ToList();
        var folder = RepoPaths.NewTempDirectory("kubeai-yaml-quoting");
        File.WriteAllText(Path.Combine(folder, "configmap.yaml"), ObjectYaml.Serialize(ConfigMapOf(values)));
        File.WriteAllText(Path.Combine(folder, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- configmap.yaml\n");

        var rendered = ProcessRunner.Run(Kustomize.Kubectl, ["kustomize", folder], timeout: TimeSpan.FromMinutes(5));
        Assert.True(rendered.ExitCode == 0, Diagnostics.Messages.OneLine(rendered.StdErr[Math.Max(0, rendered.StdErr.Length - 400)..], 400));

        var (data, annotations, _) = ReadBack(rendered.StdOut);
        var differ = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!data.TryGetValue($"v{i:D5}", out var value) || value != values[i] || annotations[$"example.com/v{i:D5}"] != values[i])
            {
                differ.Add($"{Escape(values[i])} -> {Escape(value)}");
            }
        }

        Assert.True(differ.Count == 0, $"{differ.Count} of {values.Count} strings changed through kustomize: {string.Join(", ", differ.Take(20))}");
    }

    [Fact]
    public void A_config_hash_is_never_a_number()
    {
        var generated = Inline.Generate(
            """
            { "resources": { "api": { "type": "container.v0", "image": "nginx:1.27", "env": { "A": "b" } } } }
            """);
        var hash = Inline.Single<V1Deployment>(generated, "api").Spec.Template.Metadata.Annotations["kubeai.io/config-hash"];
        Assert.StartsWith("sha256-", hash, StringComparison.Ordinal);
        Assert.False(ReadsAsAnotherTypeSomewhere(hash));
    }

    private static (Dictionary<string, string> Data, Dictionary<string, string> Annotations, List<string> Plain) ReadBack(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var plain = new List<string>();
        Dictionary<string, string> Read(YamlMappingNode map) => map.Children.ToDictionary(
            p => ((YamlScalarNode)p.Key).Value!,
            p =>
            {
                var scalar = (YamlScalarNode)p.Value;
                if (scalar.Style == ScalarStyle.Plain)
                {
                    plain.Add(scalar.Value!);
                }

                return scalar.Value!;
            });
        var data = Read((YamlMappingNode)root.Children[new YamlScalarNode("data")]);
        var metadata = (YamlMappingNode)root.Children[new YamlScalarNode("metadata")];
        var annotations = Read((YamlMappingNode)metadata.Children[new YamlScalarNode("annotations")]);
        return (data, annotations, plain);
    }

    // The implicit types of YAML 1.1 (yaml.org/type: bool, null, int, float, timestamp, merge, value) and of the
    // YAML 1.2 core schema, written out here independently of the writer's own rules, in any letter case.
    private static bool ReadsAsAnotherTypeSomewhere(string plain) =>
        Yaml11Bool().IsMatch(plain) || Yaml11Null().IsMatch(plain) || Yaml11Int().IsMatch(plain) || Yaml11Float().IsMatch(plain)
        || Yaml11Timestamp().IsMatch(plain) || plain is "<<" or "=" || Yaml12Core().IsMatch(plain);

    [GeneratedRegex(@"^(y|yes|n|no|true|false|on|off)$", RegexOptions.IgnoreCase)]
    private static partial Regex Yaml11Bool();

    [GeneratedRegex(@"^(~|null|)$", RegexOptions.IgnoreCase)]
    private static partial Regex Yaml11Null();

    [GeneratedRegex(@"^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$")]
    private static partial Regex Yaml11Int();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Yaml11Float();

    [GeneratedRegex(@"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?")]
    private static partial Regex Yaml11Timestamp();

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Yaml12Core();

    private static string Escape(string? text) => text is null ? "(missing)" : Diagnostics.Messages.OneLine("«" + text + "»", 60);
}

/// <summary>A fact that needs the pinned kubectl (build/setup.sh); skipped, with the reason, without it.</summary>
public sealed class KustomizeFactAttribute : FactAttribute
{
    public KustomizeFactAttribute()
    {
        try
        {
            _ = Kustomize.Kubectl;
        }
        catch (InvalidOperationException ex)
        {
            Skip = $"needs kubectl for kustomize ({ex.Message})";
        }
    }
}
