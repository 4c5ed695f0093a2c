using System.Globalization;
using System.Text;

namespace KubeAi.Core.Diagnostics;

/// <summary>
/// A user's value as it may appear inside a one-line message: control characters (a newline would
/// break the one line) escaped as <c>\n</c>, <c>\t</c> or <c>\uXXXX</c>, and a long value cut.
/// </summary>
public static class MessageText
{
    private const int MaxLength = 200;

    public static string Printable(string value)
    {
        var text = new StringBuilder(Math.Min(value.Length, MaxLength) + 8);
        foreach (var c in value.Length > MaxLength ? value[..MaxLength] : value)
        {
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return value.Length > MaxLength ? text.Append('…').ToString() : text.ToString();
    }
}
