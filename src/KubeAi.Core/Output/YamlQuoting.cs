namespace KubeAi.Core.Output;

/// <summary>
/// Which strings the YAML writer must quote: every string that a YAML 1.1 parser (go-yaml v2 behind kubectl and the
/// API server, PyYAML) or a YAML 1.2 parser (go-yaml v3 behind kustomize, YamlDotNet) could read as anything other
/// than that same string. Deliberately wide: quoting a string that did not need it costs two characters, missing
/// one turns a value into a number, a boolean or null (a config hash <c>455937926765e699</c> into a float).
/// Linear in the string.
/// </summary>
public static class YamlQuoting
{
    /// <summary>Whether <paramref name="text"/> must be written quoted (double-quoted: escapes every control character).</summary>
    public static bool NeedsQuotes(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        // Whitespace at either end is lost in a plain scalar; a TAB or any control character is safe only escaped.
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || !AllPrintable(text, allowNewline: false))
        {
            return true;
        }

        return IsIndicatorStart(text) || HasPlainBreaker(text) || MayReadAsAnotherType(text);
    }

    /// <summary>
    /// Whether <paramref name="text"/> needs quotes only for its syntax (an indicator first, <c>": "</c>, <c>" #"</c>):
    /// printable and read as a string once quoted, so single quotes keep it readable (JSON in a value stays JSON).
    /// </summary>
    public static bool SingleQuotesSuffice(string text) =>
        text.Length > 0
        && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1])
        && AllPrintable(text, allowNewline: false)
        && !MayReadAsAnotherType(text);

    /// <summary>Whether a multi-line string can be written as a literal block (<c>|</c>) and read back the same.</summary>
    public static bool LiteralBlockSafe(string text) =>
        text.Length > 0
        && !char.IsWhiteSpace(text[0])
        && AllPrintable(text, allowNewline: true)
        && !text.Contains(" \n", StringComparison.Ordinal)
        && !text.EndsWith(' ');

    // Control characters (TAB, CR, NUL, DEL, C1), the BOM, line and paragraph separators (breaks in YAML 1.1),
    // non-characters and lone surrogates: only an escape in a double-quoted scalar keeps them.
    private static bool AllPrintable(string text, bool allowNewline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' && allowNewline)
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFEFF' or '\u2028' or '\u2029' or '\u0085' or '\uFFFE' or '\uFFFF')
            {
                return false;
            }
        }

        return true;
    }

    // A plain scalar cannot start with an indicator; "-", "?" and ":" only when followed by a non-space, which
    // still reads oddly (and "---"/"..." mark documents), so those starts are quoted whenever they are short forms.
    private static bool IsIndicatorStart(string text)
    {
        var first = text[0];
        if (first is '!' or '&' or '*' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ',' or '[' or ']' or '{' or '}' or '#')
        {
            return true;
        }

        if (first is '-' or '?' or ':')
        {
            return text.Length == 1 || text[1] is ' ' || text.StartsWith("---", StringComparison.Ordinal);
        }

        return text.StartsWith("...", StringComparison.Ordinal) || text is "<<" or "=";
    }

    // ": " starts a mapping value and " #" a comment anywhere; a trailing ':' ends a key.
    private static bool HasPlainBreaker(string text) =>
        text.Contains(": ", StringComparison.Ordinal)
        || text.Contains(" #", StringComparison.Ordinal)
        || text.EndsWith(':');

    /// <summary>
    /// Null, boolean, number, timestamp or merge key in YAML 1.1 or 1.2, in any letter case: the words
    /// (<c>y</c>/<c>n</c>/<c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>/<c>true</c>/<c>false</c>/<c>null</c>/<c>~</c>,
    /// <c>.inf</c>/<c>.nan</c>), and anything made only of number characters that holds a digit: decimal, <c>0123</c>,
    /// <c>0x1f</c>, <c>0o17</c>, <c>0b101</c>, <c>1_000</c>, <c>1e3</c>, <c>455937926765e699</c>, sexagesimal
    /// <c>1:20</c>, dates <c>2026-01-02</c>.
    /// </summary>
    public static bool MayReadAsAnotherType(string text)
    {
        if (text.Length <= 6)
        {
            var lower = text.ToLowerInvariant();
            if (lower is "~" or "y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null"
                or ".inf" or "+.inf" or "-.inf" or ".nan")
            {
                return true;
            }
        }

        var first = text[0];
        if (!(char.IsAsciiDigit(first) || first is '+' or '-' or '.'))
        {
            return false;
        }

        // A date or timestamp (YAML 1.1): four digits and a dash.
        if (text.Length >= 8 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3]) && text[4] == '-')
        {
            return true;
        }

        var digit = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (!(char.IsAsciiHexDigit(c) || c is '+' or '-' or '.' or '_' or ':' or 'x' or 'X' or 'o' or 'O' or 'b' or 'B'))
            {
                return false;
            }
        }

        return digit;
    }
}
