using KubeAi.Core.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.Validation;

public sealed class WorkloadLinterTests
{
    public static TheoryData<string> GoldenTrees => new(Directory.EnumerateDirectories(RepoPaths.Golden).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(GoldenTrees))]
    public void Every_golden_output_meets_the_production_rules(string tree)
    {
        // The kustomize tree; a chart is linted after `helm template` (HelmLayoutTests).
        var findings = WorkloadLinter.LintDirectory(Path.Combine(RepoPaths.Golden, tree, "base"));

        Assert.Empty(findings.Select(f => f.ToString()));
    }

    [Fact]
    public void A_container_without_limits_probes_or_restrictions_is_reported()
    {
        var directory = RepoPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(directory, "deployment.yaml"), """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: web }
            spec:
              selector: { matchLabels: { app: web } }
              template:
                metadata: { labels: { app: web } }
                spec:
                  containers:
                  - name: web
                    image: nginx:1
                    ports: [ { containerPort: 80 } ]
                    envFrom: [ { configMapRef: { name: missing-config } } ]
                    env: [ { name: P, valueFrom: { secretKeyRef: { name: missing-secret, key: p } } } ]
            """);
        File.WriteAllText(Path.Combine(directory, "service.yaml"), """
            apiVersion: v1
            kind: Service
            metadata: { name: other }
            spec: { selector: { app: other }, ports: [ { port: 80 } ] }
            """);

        var rules = WorkloadLinter.LintDirectory(directory).Select(f => f.Rule).ToHashSet();

        Assert.Equal(["configmap-exists", "no-token", "probes", "resources", "restricted", "secret-exists", "service-selects"], rules.Order());
    }
}
