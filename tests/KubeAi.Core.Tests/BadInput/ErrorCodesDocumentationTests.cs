using System.Reflection;
using System.Text.RegularExpressions;
using KubeAi.Core.Diagnostics;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.BadInput;

public sealed partial class ErrorCodesDocumentationTests
{
    private static IReadOnlyList<(string Name, string Code)> Constants() =>
        typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))
            .ToList();

    private static string[] DocLines() => File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "errors.md"));

    [Fact]
    public void There_are_error_codes()
    {
        Assert.True(Constants().Count >= 20);
    }

    [Fact]
    public void Every_code_has_the_KUBEAI_form()
    {
        Assert.All(Constants(), c => Assert.Matches(@"^KUBEAI\d{4}$", c.Code));
    }

    [Fact]
    public void No_two_constants_share_a_code()
    {
        var duplicates = Constants().GroupBy(c => c.Code).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Name))}").ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_code_is_a_heading_in_docs_errors_md_under_its_family()
    {
        var lines = DocLines();
        var missing = new List<string>();
        foreach (var (name, code) in Constants())
        {
            var heading = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^#{{2,4}} {code}\b"));
            if (heading < 0)
            {
                missing.Add($"{code} ({name}) has no heading");
                continue;
            }

            var family = lines.Take(heading).LastOrDefault(l => Family().IsMatch(l));
            if (family is null || Family().Match(family).Groups[1].Value[0] != code["KUBEAI".Length])
            {
                missing.Add($"{code} ({name}) is under '{family}', not its family");
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_documented_code_exists()
    {
        var codes = Constants().Select(c => c.Code).ToHashSet();
        var documented = DocLines().Select(l => Regex.Match(l, @"^#{2,4} (KUBEAI\d{4})\b")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.All(documented, code => Assert.Contains(code, codes));
    }

    [Fact]
    public void Every_documented_code_has_a_cause_an_example_and_a_fix()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "errors.md"));
        var sections = Regex.Split(text, @"(?m)^(?=#{2,4} KUBEAI\d{4})").Where(s => s.StartsWith('#') && Regex.IsMatch(s, @"^#{2,4} KUBEAI")).ToList();

        Assert.All(sections, section =>
        {
            var code = Regex.Match(section, @"KUBEAI\d{4}").Value;
            Assert.Contains("**Cause.**", section);
            Assert.Contains("**Fix.**", section);
            Assert.Matches($@"(?m)^    (warning )?{code}", section);
        });
    }

    [GeneratedRegex(@"^## (\d)xxx")]
    private static partial Regex Family();
}
