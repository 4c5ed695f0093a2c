using KubeAi.Core.Diagnostics;
using KubeAi.Validation;

namespace KubeAi.Cli;

/// <summary>Validates a folder of generated manifests strictly, offline, and reports each violation on one line.</summary>
internal static class ManifestValidation
{
    public static int Run(string directory, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(directory))
        {
            throw new KubeAiException(ErrorCodes.ValidateInputNotFound, $"folder '{directory}' does not exist", directory);
        }

        // Each file is read and parsed once; the schema pass and the linter share the parse. A file that is not
        // readable YAML is one coded line (KUBEAI600x) and is skipped by both.
        var set = ManifestSet.Load(directory);
        var result = SchemaValidator.Default.Validate(set);
        if (result.ObjectsChecked == 0 && result.Violations.Count == 0 && set.Problems.Count == 0)
        {
            var chart = Directory.EnumerateFiles(directory, "Chart.yaml", SearchOption.AllDirectories).Any();
            throw new KubeAiException(
                ErrorCodes.ValidateInputNotFound,
                chart ? "found only a Helm chart, whose templates are not manifests yet: validate the output of `helm template` instead" : "found no Kubernetes objects to validate",
                directory);
        }

        foreach (var problem in set.Problems)
        {
            error.WriteLine(problem.ToString());
        }

        foreach (var violation in result.Violations)
        {
            error.WriteLine($"{ErrorCodes.SchemaViolation}: {violation}");
        }

        var findings = WorkloadLinter.Lint(set);
        foreach (var finding in findings)
        {
            error.WriteLine($"{ErrorCodes.PolicyViolation}: {finding}");
        }

        if (set.Problems.Count > 0)
        {
            output.WriteLine($"kubeai: {set.Problems.Count} file(s) could not be read as YAML and were skipped");
        }

        output.WriteLine($"kubeai: {result.ObjectsChecked} object(s) in {result.FilesChecked} file(s) checked against Kubernetes 1.35 and CRD schemas: {(result.IsValid ? "valid" : $"{result.Violations.Count} violation(s)")}");
        output.WriteLine($"kubeai: production rules (restricted pods, requests/limits, probes, services, references): {(findings.Count == 0 ? "met" : $"{findings.Count} finding(s)")}");
        return result.IsValid && findings.Count == 0 ? CliApplication.Success : CliApplication.UserError;
    }
}
