using System.Text;
using System.Text.Json;
using k8s;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeAi.Core.Output;

/// <summary>
/// Writes Kubernetes objects as YAML: KubernetesClient's JSON serialiser (its converters for
/// quantities, int-or-string and dates) gives the document, YamlDotNet's emitter writes it in
/// block style. Some 70 times faster than KubernetesYaml.Serialize and deterministic: keys in
/// model order (maps as the generator sorted them), no anchors, strings quoted exactly when a
/// YAML parser would otherwise read them as another type.
/// </summary>
public static class ObjectYaml
{
    public static string Serialize(object value)
    {
        using var document = JsonDocument.Parse(KubernetesJson.Serialize(value));
        var text = new StringWriter(new StringBuilder(1024)) { NewLine = "\n" };
        var emitter = new Emitter(text, bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            EmitObject(emitter, document.RootElement, s_headKeys);
        }
        else
        {
            // A list (a JSON patch of an overlay) as a block sequence.
            Emit(emitter, document.RootElement);
        }

        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    // How people read a manifest: what it is first, then its spec or data.
    private static readonly string[] s_headKeys = ["apiVersion", "kind", "metadata"];

    private static void EmitObject(IEmitter emitter, JsonElement element, IReadOnlyList<string> first)
    {
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        var properties = element.EnumerateObject().ToList();
        foreach (var property in properties.Where(p => first.Contains(p.Name)).OrderBy(p => IndexOf(first, p.Name)).Concat(properties.Where(p => !first.Contains(p.Name))))
        {
            emitter.Emit(String(property.Name));
            Emit(emitter, property.Value);
        }

        emitter.Emit(new MappingEnd());
    }

    private static int IndexOf(IReadOnlyList<string> keys, string key)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] == key)
            {
                return i;
            }
        }

        return keys.Count;
    }

    private static void Emit(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                EmitObject(emitter, element, []);
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                emitter.Emit(String(element.GetString()!));
                break;
            case JsonValueKind.Null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            default:
                // Numbers and booleans as JSON wrote them: plain, so they keep their type.
                emitter.Emit(new Scalar(null, null, element.GetRawText(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static Scalar String(string text) => new(null, null, text, StyleOf(text), isPlainImplicit: true, isQuotedImplicit: true);

    /// <summary>
    /// How a string is written: a literal block when it has line breaks and nothing a block could lose, double-quoted
    /// when any YAML 1.1 or 1.2 parser could read it as something else (<see cref="YamlQuoting"/>), else as the
    /// emitter finds plain-safe.
    /// </summary>
    public static ScalarStyle StyleOf(string text) =>
        text.Contains('\n') ? (YamlQuoting.LiteralBlockSafe(text) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted)
        : YamlQuoting.NeedsQuotes(text) ? (YamlQuoting.SingleQuotesSuffice(text) ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted)
        : ScalarStyle.Any;

    /// <summary>A string as one YAML scalar, for files written by hand (a kustomization): quoted when it must be.</summary>
    public static string ScalarText(string text) =>
        text.Contains('\n') || YamlQuoting.NeedsQuotes(text) ? DoubleQuoted(text) : text;

    /// <summary>A string as a double-quoted YAML scalar (also a Go string literal): every control character escaped.</summary>
    public static string DoubleQuoted(string text) => JsonSerializer.Serialize(text, s_plainJson);

    // JSON's string syntax is YAML's double-quoted syntax; escaping only what JSON must keeps the text readable.
    private static readonly JsonSerializerOptions s_plainJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
