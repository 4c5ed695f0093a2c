using KubeAi.Validation;
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

    [Fact]
    public void A_stateful_set_without_its_service_a_claim_without_fs_group_and_uid_0_are_reported()
    {
        var directory = RepoPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(directory, "statefulset.yaml"), """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: { name: db }
            spec:
              serviceName: db-headless
              selector: { matchLabels: { app: db } }
              template:
                metadata: { labels: { app: db } }
                spec:
                  automountServiceAccountToken: false
                  securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: RuntimeDefault } }
                  containers:
                  - name: db
                    image: postgres:17
                    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ ALL ] } }
                    resources: { requests: { cpu: 1, memory: 1Gi }, limits: { cpu: 1, memory: 1Gi } }
              volumeClaimTemplates:
              - metadata: { name: data }
                spec: { accessModes: [ ReadWriteOnce ], resources: { requests: { storage: 1Gi } } }
            """);

        var findings = WorkloadLinter.LintDirectory(directory);

        Assert.Equal(["restricted", "statefulset-service", "volume-owner"], findings.Select(f => f.Rule).Order());
        Assert.Contains(findings, f => f.Message == "container 'db' runs as uid 0");
        Assert.Contains(findings, f => f.Message.Contains("'db-headless' names no Service", StringComparison.Ordinal));
    }
}
