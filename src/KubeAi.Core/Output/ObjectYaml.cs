using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
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
public static partial class ObjectYaml
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

    private static Scalar String(string text)
    {
        // Double quotes keep what a plain or block scalar would lose: TABs and other control characters, a carriage
        // return, leading or trailing blanks (a TAB-only value written plain reads back as null).
        var style = NeedsEscapes(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n') ? ScalarStyle.Literal
            : ReadsAsAnotherType(text) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        return new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true);
    }

    private static bool NeedsEscapes(string text)
    {
        // One line: a plain scalar loses blanks at either end. Several lines go to a literal block, which keeps them.
        if (text.Length > 0 && !text.Contains('\n') && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            return true;
        }

        foreach (var c in text)
        {
            if ((char.IsControl(c) && c is not ('\n' or '\t')) || (c == '\t' && !text.Contains('\n')) || c is '\u2028' or '\u2029' or '\uFEFF')
            {
                return true;
            }
        }

        return false;
    }

    // What YAML 1.1 (kubectl's parser) or 1.2 would read as null, a boolean or a number; the
    // emitter itself quotes what is not plain-safe (": ", leading '{', '#', ...).
    private static bool ReadsAsAnotherType(string text) => text.Length == 0 || NonString().IsMatch(text);

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$")]
    private static partial Regex NonString();
}
