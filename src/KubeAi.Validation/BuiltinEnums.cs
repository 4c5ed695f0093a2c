namespace KubeAi.Validation;

/// <summary>
/// Enumerations of built-in string fields. The Kubernetes 1.35 OpenAPI v3 documents carry none (the API server
/// enforces them in Go validation code), so the commonly generated ones are listed here, from the API reference.
/// </summary>
internal static class BuiltinEnums
{
    /// <summary>(definition, property — with "[]" for the items of an array property, allowed values).</summary>
    public static readonly (string Definition, string Property, string[] Values)[] Entries =
    [
        ("io.k8s.api.core.v1.Container", "imagePullPolicy", ["Always", "IfNotPresent", "Never"]),
        ("io.k8s.api.core.v1.EphemeralContainer", "imagePullPolicy", ["Always", "IfNotPresent", "Never"]),
        ("io.k8s.api.core.v1.Container", "terminationMessagePolicy", ["File", "FallbackToLogsOnError"]),
        ("io.k8s.api.core.v1.EphemeralContainer", "terminationMessagePolicy", ["File", "FallbackToLogsOnError"]),
        ("io.k8s.api.core.v1.ContainerPort", "protocol", ["TCP", "UDP", "SCTP"]),
        ("io.k8s.api.core.v1.ServicePort", "protocol", ["TCP", "UDP", "SCTP"]),
        ("io.k8s.api.core.v1.PodSpec", "restartPolicy", ["Always", "OnFailure", "Never"]),
        ("io.k8s.api.core.v1.PodSpec", "dnsPolicy", ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]),
        ("io.k8s.api.core.v1.PodSpec", "preemptionPolicy", ["PreemptLowerPriority", "Never"]),
        ("io.k8s.api.core.v1.PodOS", "name", ["linux", "windows"]),
        ("io.k8s.api.core.v1.ServiceSpec", "type", ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]),
        ("io.k8s.api.core.v1.ServiceSpec", "sessionAffinity", ["ClientIP", "None"]),
        ("io.k8s.api.core.v1.ServiceSpec", "externalTrafficPolicy", ["Cluster", "Local"]),
        ("io.k8s.api.core.v1.ServiceSpec", "internalTrafficPolicy", ["Cluster", "Local"]),
        ("io.k8s.api.core.v1.ServiceSpec", "ipFamilyPolicy", ["SingleStack", "PreferDualStack", "RequireDualStack"]),
        ("io.k8s.api.core.v1.ServiceSpec", "ipFamilies[]", ["IPv4", "IPv6"]),
        ("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "accessModes[]", ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]),
        ("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "volumeMode", ["Filesystem", "Block"]),
        ("io.k8s.api.core.v1.HostPathVolumeSource", "type", ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"]),
        ("io.k8s.api.core.v1.SeccompProfile", "type", ["Localhost", "RuntimeDefault", "Unconfined"]),
        ("io.k8s.api.core.v1.AppArmorProfile", "type", ["Localhost", "RuntimeDefault", "Unconfined"]),
        ("io.k8s.api.core.v1.HTTPGetAction", "scheme", ["HTTP", "HTTPS"]),
        ("io.k8s.api.core.v1.Toleration", "operator", ["Exists", "Equal"]),
        ("io.k8s.api.core.v1.Toleration", "effect", ["", "NoSchedule", "PreferNoSchedule", "NoExecute"]),
        ("io.k8s.api.core.v1.NodeSelectorRequirement", "operator", ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
        ("io.k8s.api.core.v1.TopologySpreadConstraint", "whenUnsatisfiable", ["DoNotSchedule", "ScheduleAnyway"]),
        ("io.k8s.api.core.v1.TopologySpreadConstraint", "nodeAffinityPolicy", ["Honor", "Ignore"]),
        ("io.k8s.api.core.v1.TopologySpreadConstraint", "nodeTaintsPolicy", ["Honor", "Ignore"]),
        ("io.k8s.api.core.v1.VolumeMount", "mountPropagation", ["None", "HostToContainer", "Bidirectional"]),
        ("io.k8s.api.core.v1.ContainerResizePolicy", "restartPolicy", ["NotRequired", "RestartContainer"]),
        ("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "operator", ["In", "NotIn", "Exists", "DoesNotExist"]),
        ("io.k8s.api.apps.v1.DeploymentStrategy", "type", ["Recreate", "RollingUpdate"]),
        ("io.k8s.api.apps.v1.StatefulSetSpec", "podManagementPolicy", ["OrderedReady", "Parallel"]),
        ("io.k8s.api.apps.v1.StatefulSetUpdateStrategy", "type", ["RollingUpdate", "OnDelete"]),
        ("io.k8s.api.apps.v1.DaemonSetUpdateStrategy", "type", ["RollingUpdate", "OnDelete"]),
        ("io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy", "whenDeleted", ["Retain", "Delete"]),
        ("io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy", "whenScaled", ["Retain", "Delete"]),
        ("io.k8s.api.batch.v1.JobSpec", "completionMode", ["NonIndexed", "Indexed"]),
        ("io.k8s.api.batch.v1.JobSpec", "podReplacementPolicy", ["TerminatingOrFailed", "Failed"]),
        ("io.k8s.api.batch.v1.CronJobSpec", "concurrencyPolicy", ["Allow", "Forbid", "Replace"]),
        ("io.k8s.api.batch.v1.PodFailurePolicyRule", "action", ["FailJob", "FailIndex", "Ignore", "Count"]),
        ("io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement", "operator", ["In", "NotIn"]),
        ("io.k8s.api.autoscaling.v2.MetricSpec", "type", ["ContainerResource", "External", "Object", "Pods", "Resource"]),
        ("io.k8s.api.autoscaling.v2.MetricTarget", "type", ["AverageValue", "Utilization", "Value"]),
        ("io.k8s.api.autoscaling.v2.HPAScalingRules", "selectPolicy", ["Max", "Min", "Disabled"]),
        ("io.k8s.api.autoscaling.v2.HPAScalingPolicy", "type", ["Pods", "Percent"]),
        ("io.k8s.api.networking.v1.HTTPIngressPath", "pathType", ["Exact", "Prefix", "ImplementationSpecific"]),
        ("io.k8s.api.networking.v1.NetworkPolicySpec", "policyTypes[]", ["Ingress", "Egress"]),
        ("io.k8s.api.networking.v1.NetworkPolicyPort", "protocol", ["TCP", "UDP", "SCTP"]),
        ("io.k8s.api.policy.v1.PodDisruptionBudgetSpec", "unhealthyPodEvictionPolicy", ["IfHealthyBudget", "AlwaysAllow"]),
        ("io.k8s.api.rbac.v1.RoleRef", "kind", ["Role", "ClusterRole"]),
        ("io.k8s.api.rbac.v1.Subject", "kind", ["User", "Group", "ServiceAccount"]),
        ("io.k8s.api.storage.v1.StorageClass", "reclaimPolicy", ["Retain", "Delete"]),
        ("io.k8s.api.storage.v1.StorageClass", "volumeBindingMode", ["Immediate", "WaitForFirstConsumer"]),
        ("io.k8s.api.core.v1.PersistentVolumeSpec", "persistentVolumeReclaimPolicy", ["Retain", "Delete", "Recycle"]),
        ("io.k8s.api.core.v1.PersistentVolumeSpec", "volumeMode", ["Filesystem", "Block"]),
        ("io.k8s.api.core.v1.PersistentVolumeSpec", "accessModes[]", ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]),
    ];

    public static void Apply(IReadOnlyDictionary<string, SchemaNode> definitions)
    {
        foreach (var (definition, property, values) in Entries)
        {
            var items = property.EndsWith("[]", StringComparison.Ordinal);
            var name = items ? property[..^2] : property;
            if (!definitions.TryGetValue(definition, out var node) || node.Properties?.TryGetValue(name, out var target) != true)
            {
                throw new InvalidOperationException($"Built-in enum entry {definition}.{property} matches no schema property.");
            }

            target = items ? target!.Items! : target!;
            target.Enum = values.Select(v => new EnumValue(YamlValueKind.String, v)).ToArray();
        }
    }
}
