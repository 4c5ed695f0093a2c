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

        var result = SchemaValidator.Default.ValidateDirectory(directory);
        if (result.ObjectsChecked == 0 && result.Violations.Count == 0)
        {
            var chart = Directory.EnumerateFiles(directory, "Chart.yaml", SearchOption.AllDirectories).Any();
            throw new KubeAiException(
                ErrorCodes.ValidateInputNotFound,
                chart ? "found only a Helm chart, whose templates are not manifests yet: validate the output of `helm template` instead" : "found no Kubernetes objects to validate",
                directory);
        }

        foreach (var violation in result.Violations)
        {
            error.WriteLine($"{ErrorCodes.SchemaViolation}: {violation}");
        }

        var findings = WorkloadLinter.LintDirectory(directory);
        foreach (var finding in findings)
        {
            error.WriteLine($"{ErrorCodes.PolicyViolation}: {finding}");
        }

        output.WriteLine($"kubeai: {result.ObjectsChecked} object(s) in {result.FilesChecked} file(s) checked against Kubernetes 1.35 and CRD schemas: {(result.IsValid ? "valid" : $"{result.Violations.Count} violation(s)")}");
        output.WriteLine($"kubeai: production rules (restricted pods, requests/limits, probes, services, references): {(findings.Count == 0 ? "met" : $"{findings.Count} finding(s)")}");
        return result.IsValid && findings.Count == 0 ? CliApplication.Success : CliApplication.UserError;
    }
}
