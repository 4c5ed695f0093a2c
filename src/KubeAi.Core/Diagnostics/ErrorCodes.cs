namespace KubeAi.Core.Diagnostics;

/// <summary>
/// Every KUBEAI code, grouped by family. docs/errors.md documents each with cause and fix;
/// a test keeps the two lists in step.
/// </summary>
public static class ErrorCodes
{
    // 1xxx: input and app model
    public const string ManifestNotFound = "KUBEAI1001";
    public const string ManifestInvalidJson = "KUBEAI1002";
    public const string ManifestInvalidStructure = "KUBEAI1003";
    public const string UnknownResourceType = "KUBEAI1004";
    public const string InvalidResourceName = "KUBEAI1005";
    public const string InvalidFieldValue = "KUBEAI1006";
    public const string ResourceNameCollision = "KUBEAI1007";
    public const string ExpressionSyntax = "KUBEAI1010";
    public const string DanglingReference = "KUBEAI1011";
    public const string UnknownExpressionProperty = "KUBEAI1012";
    public const string CyclicExpression = "KUBEAI1013";
    public const string MissingParameterValue = "KUBEAI1014";
    public const string UnknownParameterOverride = "KUBEAI1015";
    public const string ProjectNotFound = "KUBEAI1016";
    public const string SecretParameterValueGiven = "KUBEAI1017";
    public const string DuplicateEnvironment = "KUBEAI1018";
    public const string BindMountNotSupported = "KUBEAI1020";
    public const string ExecutableNeedsImage = "KUBEAI1021";
    public const string PortConflict = "KUBEAI1022";
    public const string UnknownExternalResource = "KUBEAI1030";
    public const string HttpsServedByHttp = "KUBEAI1031";
    public const string LatestImageTag = "KUBEAI1032";
    /// <summary>Warning: a backing service has no data volume in the app model; KubeAi gives it one.</summary>
    public const string BackingServiceWithoutDataVolume = "KUBEAI1050";
    public const string InvalidEphemeralStorage = "KUBEAI1051";
    // 1060-1069: bounded work on any input (docs/limits.md)
    public const string InputTooLarge = "KUBEAI1060";
    public const string InputNotRegularFile = "KUBEAI1061";
    public const string AppManifestTooDeep = "KUBEAI1062";
    public const string ManifestInvalidText = "KUBEAI1063";
    public const string InputNotReadable = "KUBEAI1064";
    public const string ExpressionLimit = "KUBEAI1065";
    public const string InputValueTooLong = "KUBEAI1066";
    // 1070-1074: app models that would make no or invalid Kubernetes (docs/errors.md)
    public const string EmptyAppModel = "KUBEAI1070";
    public const string UnwritableCharacter = "KUBEAI1071";

    // 2xxx: images
    public const string MissingImage = "KUBEAI2001";
    public const string InvalidImageReference = "KUBEAI2002";
    public const string ImageForUnknownResource = "KUBEAI2003";
    public const string ImageTagDefaulted = "KUBEAI2004";
    public const string NoImageDestination = "KUBEAI2005";
    public const string ImageBuildFailed = "KUBEAI2006";

    // 3xxx: generated manifests and output
    public const string OutputNotWritable = "KUBEAI3001";
    public const string InvalidNamespace = "KUBEAI3002";
    public const string InvalidQuantity = "KUBEAI3003";
    public const string SchemaViolation = "KUBEAI3004";
    public const string ValidateInputNotFound = "KUBEAI3005";
    public const string InvalidOption = "KUBEAI3006";
    public const string InvalidProbe = "KUBEAI3007";
    public const string InvalidAutoscaling = "KUBEAI3008";
    public const string InvalidIngress = "KUBEAI3009";
    public const string EndpointNotFound = "KUBEAI3010";
    public const string PolicyViolation = "KUBEAI3011";

    // 3020-3049: Kubernetes as clusters run AI in 2026 (docs/kubernetes-2026.md)
    public const string InvalidKubernetesVersion = "KUBEAI3020";
    public const string FeatureNeedsNewerKubernetes = "KUBEAI3021";
    public const string InvalidGateway = "KUBEAI3022";
    public const string InvalidGpuAllocation = "KUBEAI3023";
    public const string InvalidModelImage = "KUBEAI3024";
    public const string InvalidServingWorkers = "KUBEAI3025";
    public const string InvalidInferencePool = "KUBEAI3026";
    public const string ModelPushFailed = "KUBEAI3027";
    // 3030-3049: what Kubernetes would reject, refused before the first write (Generation/OutputRules.cs)
    public const string RequestAboveLimit = "KUBEAI3030";
    public const string DuplicateMountPath = "KUBEAI3031";
    public const string InvalidGeneratedName = "KUBEAI3032";
    // 3050-3079: environments, secret sources, diff (docs/environments.md)
    public const string InvalidEnvironmentDefinition = "KUBEAI3050";
    public const string OverlayNotApplicable = "KUBEAI3051";
    public const string UnknownEnvironment = "KUBEAI3052";
    public const string InvalidSecretSource = "KUBEAI3053";
    public const string DiffInputInvalid = "KUBEAI3054";
    public const string DiffInputTooLarge = "KUBEAI3055";
    public const string TreeNotFound = "KUBEAI3056";
    public const string SecretsMissing = "KUBEAI3057";

    // 4xxx: training jobs (and GPU settings, which services share)
    public const string InvalidWorkers = "KUBEAI4001";
    public const string InvalidGpu = "KUBEAI4002";
    public const string InvalidSchedule = "KUBEAI4003";
    public const string InvalidMigProfile = "KUBEAI4004";
    public const string InvalidTrainingQuantity = "KUBEAI4005";
    public const string InvalidTimeZone = "KUBEAI4006";
    public const string UnknownTrainingFlavor = "KUBEAI4007";
    public const string InvalidTrainingSetting = "KUBEAI4008";
    public const string TrainingFlavorConflict = "KUBEAI4009";

    // 5xxx: registry, app host and cluster I/O
    public const string AppHostFailed = "KUBEAI5001";
    public const string AppHostTimedOut = "KUBEAI5002";
    public const string InvalidBuildSetting = "KUBEAI5003";

    // 5010-5029: kubectl and the cluster (kubeai apply, KubeAiApply, kubeai secrets)
    public const string KubectlNotFound = "KUBEAI5010";
    public const string KubectlFailed = "KUBEAI5011";
    public const string KubectlTimedOut = "KUBEAI5012";
    public const string RolloutFailed = "KUBEAI5013";

    // 5020-5024: every external process KubeAi starts runs within a wall-clock bound (docs/limits.md)
    public const string ProcessTimedOut = "KUBEAI5020";
    public const string ProcessNotStarted = "KUBEAI5021";
    // 5030-5039: the output folder (lock, index, crash-consistent switch; docs/output-folder.md)
    public const string OutputFolderLocked = "KUBEAI5030";
    public const string InvalidOutputLockTimeout = "KUBEAI5031";
    public const string OutputIndexEntryIgnored = "KUBEAI5032";

    // 6001-6009: files kubeai validate cannot read as YAML (KubeAi.Validation.ManifestSet, ManifestLimits)
    public const string ManifestMalformedYaml = "KUBEAI6001";
    public const string ManifestFileTooLarge = "KUBEAI6002";
    public const string ManifestNotRegularFile = "KUBEAI6003";
    public const string ManifestSymlinkLoop = "KUBEAI6004";
    public const string ManifestNotText = "KUBEAI6005";
    public const string YamlTooDeep = "KUBEAI6006";
    public const string ManifestUnreadable = "KUBEAI6007";
    public const string ManifestTooManyNodes = "KUBEAI6008";

    // 9xxx: internal
    public const string InternalError = "KUBEAI9000";
}
