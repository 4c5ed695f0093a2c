using KubeAi.Core.Generation.CustomResources;
using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Expressions;

namespace KubeAi.Core.Generation.TrainingJobs;

/// <summary>
/// A resource with <c>deployment.kind = "TrainingJob"</c> → ServiceAccount, ConfigMap, checkpoint
/// PersistentVolumeClaim, Kueue LocalQueue, and the workload of its flavor: a batch/v1 Job
/// (Indexed with a headless Service for several workers; a CronJob when scheduled), a JobSet,
/// a Kubeflow TrainJob or a PyTorchJob. docs/training-jobs.md maps every setting.
/// </summary>
internal static class TrainingJobGenerator
{
    public const string Component = "training";

    /// <summary>The name of the one replicated job of a JobSet.</summary>
    public const string ReplicatedJobName = "workers";

    /// <summary>The ClusterTrainingRuntime a TrainJob refers to (shipped by Kubeflow Trainer).</summary>
    public const string TrainingRuntime = "torch-distributed";

    /// <summary>The replicated job and container of the torch runtimes that a TrainJob patch addresses.</summary>
    public const string TrainerNode = "node";

    /// <summary>The container name the PyTorchJob operator looks for.</summary>
    public const string PyTorchContainer = "pytorch";

    /// <summary>The container port the PyTorchJob operator reads the master port from.</summary>
    public const string PyTorchPortName = "pytorchjob-port";

    public const string RendezvousPortName = "rendezvous";
    public const string QueueNameLabel = "kueue.x-k8s.io/queue-name";
    public const string PriorityClassLabel = "kueue.x-k8s.io/priority-class";
    public const string PatchManager = "kubeai.io/generator";
    public const string DatasetInitContainer = "fetch-dataset";
    public const string S3Image = "docker.io/amazon/aws-cli:2.17.0";
    public const string HttpImage = "docker.io/curlimages/curl:8.10.1";

    /// <summary>Restarts of a Job's pods (or of a JobSet, or a PyTorchJob) before it fails, when not set.</summary>
    public const int DefaultBackoffLimit = 3;

    /// <summary>The SIGTERM grace period when a checkpoint is set and none is given: time to write one.</summary>
    public const long DefaultCheckpointGracePeriod = 300;

    public static GeneratedResource Generate(AppResource resource, WorkloadContext context, AppManifest manifest, out IReadOnlyCollection<ValuePart> inputsUsed)
    {
        var job = resource.Settings.TrainingJob ?? new TrainingJobSettings();
        var name = KubernetesNames.ForResource(resource.Name, resource.Origin);
        TrainingJobRules.Check(resource, job, name);

        var flavor = job.Flavor;
        var scheduled = job.Schedule is not null;
        var indexed = flavor == TrainingJobRules.JobSetFlavor || (flavor == TrainingJobRules.Job && job.Workers > 1);
        var masterHost = flavor switch
        {
            TrainingJobRules.JobSetFlavor => $"{name}-{ReplicatedJobName}-0-0.{name}",
            _ when !indexed => "localhost",
            _ when scheduled => $"$({TrainingEnvironment.JobName})-0.{name}",
            _ => $"{name}-0.{name}",
        };
        var distributed = flavor is TrainingJobRules.Job or TrainingJobRules.JobSetFlavor;
        var parts = WorkloadParts.Create(resource, context, Component, p =>
            TrainingEnvironment.Add(p.Env, job, name, masterHost, distributed, jobNameAtRunTime: scheduled));

        var objects = new List<IKubernetesObject> { parts.ServiceAccount() };
        if (parts.ConfigMap() is { } configMap)
        {
            objects.Add(configMap);
        }

        if (GpuClaims.Template(parts) is { } gpuClaims)
        {
            objects.Add(gpuClaims);
        }

        ModelImages.Apply(parts);
        if (flavor == TrainingJobRules.PyTorchJobFlavor)
        {
            parts.Container.Name = PyTorchContainer;
            parts.Container.Ports ??= [];
            parts.Container.Ports.Add(new V1ContainerPort { Name = PyTorchPortName, ContainerPort = job.MasterPort, Protocol = "TCP" });
        }

        if (job.Checkpoint is { } checkpoint)
        {
            var claimName = $"{parts.Name}-checkpoints";
            objects.Add(WorkloadGenerator.Claim(parts, claimName, checkpoint.Size, checkpoint.StorageClass, CheckpointAccessMode(job)));
            parts.AddVolume(new V1Volume { Name = "checkpoints", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claimName } }, checkpoint.MountPath);
        }

        V1Container? fetch = null;
        if (job.Dataset is { } dataset)
        {
            fetch = DatasetFetcher(parts, dataset, $"{resource.Origin}.deployment.trainingJob.dataset");
            parts.AddVolume(new V1Volume { Name = "dataset", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(dataset.Size) } }, dataset.MountPath, readOnly: true);
        }

        if (LocalQueue(parts, job, manifest, resource) is { } localQueue)
        {
            objects.Add(localQueue);
        }

        V1PodTemplateSpec Pod()
        {
            // The PyTorchJob operator sets each pod's restart policy from its replica spec.
            var template = parts.PodTemplate(restartPolicy: flavor == TrainingJobRules.PyTorchJobFlavor ? null : "Never");
            template.Spec.PriorityClassName = job.PriorityClassName;
            // SIGTERM first: time for the trainer to write a checkpoint before it is killed.
            template.Spec.TerminationGracePeriodSeconds = job.TerminationGracePeriodSeconds ?? (job.Checkpoint is null ? null : DefaultCheckpointGracePeriod);
            template.Spec.InitContainers = fetch is null ? null : [fetch];
            return template;
        }

        var template = Pod();

        var annotations = parts.WorkloadAnnotations();
        var workloadLabels = new SortedDictionary<string, string>(parts.Labels, StringComparer.Ordinal);
        if (job.Queue is { } queue)
        {
            workloadLabels[QueueNameLabel] = queue.Name;
            if (queue.KueuePriorityClass is { } priority)
            {
                workloadLabels[PriorityClassLabel] = priority;
            }
        }

        var workloadMetadata = new V1ObjectMeta { Name = parts.Name, Labels = workloadLabels, Annotations = annotations };
        bool? suspend = job.Queue is null ? null : true;
        switch (flavor)
        {
            case TrainingJobRules.JobSetFlavor:
                objects.Add(JobSet(parts, job, template, workloadMetadata, suspend));
                break;
            case TrainingJobRules.TrainJobFlavor:
                objects.Add(TrainJob(parts, job, template, workloadMetadata, suspend));
                break;
            case TrainingJobRules.PyTorchJobFlavor:
                objects.Add(PyTorchJob(job, Pod, workloadMetadata, suspend));
                break;
            default:
                if (indexed)
                {
                    template.Spec.Subdomain = parts.Name;
                    objects.Add(HeadlessService(parts, job));
                }

                var spec = JobSpec(parts, job, template, indexed, suspend);
                objects.Add(scheduled ? CronJob(parts, job, spec, workloadMetadata) : new V1Job
                {
                    ApiVersion = "batch/v1",
                    Kind = "Job",
                    Metadata = workloadMetadata,
                    Spec = spec,
                });
                break;
        }

        inputsUsed = parts.Env.InputsUsed;
        // Workers rendezvous with each other; a remote dataset is traffic the app model declares.
        var network = parts.NetworkFacts(exposure: null, peerTraffic: job.Workers > 1);
        return new GeneratedResource(parts.Name, parts.Component, objects)
        {
            Network = job.Dataset is { } remote && remote.Source.Contains("://", StringComparison.Ordinal) ? network with { AllowInternetEgress = true } : network,
        };
    }

    // Workers on different nodes can only share a volume through ReadWriteMany.
    private static string CheckpointAccessMode(TrainingJobSettings job) =>
        job.Checkpoint!.AccessMode ?? (job.Workers > 1 ? "ReadWriteMany" : "ReadWriteOnce");

    private static V1Container DatasetFetcher(WorkloadParts parts, DatasetSettings dataset, string origin)
    {
        var scheme = Uri.TryCreate(dataset.Source, UriKind.Absolute, out var uri) ? uri.Scheme : null;
        if (dataset.Image is { } image)
        {
            KubernetesValues.RequireImageReference(image, $"{origin}.image");
        }

        List<string>? args;
        string? defaultImage;
        switch (scheme)
        {
            case "s3":
                // The aws-cli image's entrypoint is `aws`.
                args = ["s3", "sync", "--only-show-errors", dataset.Source, dataset.MountPath];
                defaultImage = S3Image;
                break;
            case "http" or "https":
                // The curl image's entrypoint runs curl with these arguments.
                var file = uri!.Segments.Length > 0 ? Uri.UnescapeDataString(uri.Segments[^1]).Trim('/') : string.Empty;
                args = ["--fail", "--location", "--silent", "--show-error", "--retry", "5", "--output", $"{dataset.MountPath.TrimEnd('/')}/{(file.Length > 0 ? file : "dataset")}", dataset.Source];
                defaultImage = HttpImage;
                break;
            default:
                args = null;
                defaultImage = null;
                break;
        }

        var fetchImage = dataset.Image ?? defaultImage ?? throw new KubeAiException(
            ErrorCodes.InvalidTrainingSetting,
            $"dataset source '{dataset.Source}' is neither s3:// nor http(s)://, which KubeAi has default downloaders for; set dataset.image to an image that fetches it (it gets {TrainingEnvironment.DatasetSource} and {TrainingEnvironment.DatasetDir})",
            $"{origin}.source");

        var main = parts.Container;
        static IDictionary<string, ResourceQuantity>? CpuAndMemory(IDictionary<string, ResourceQuantity>? quantities) => quantities is null
            ? null
            : new SortedDictionary<string, ResourceQuantity>(quantities.Where(q => q.Key is "cpu" or "memory").ToDictionary(), StringComparer.Ordinal);

        return new V1Container
        {
            Name = DatasetInitContainer,
            Image = fetchImage,
            Args = args,
            // The app's settings and secrets (credentials such as AWS_*), then where to fetch from and to.
            Env =
            [
                .. (main.Env ?? []).Where(v => !TrainingJobRules.ReservedEnv.Contains(v.Name, StringComparer.Ordinal)),
                TrainingEnvironment.Literal(TrainingEnvironment.DatasetSource, dataset.Source),
                TrainingEnvironment.Literal(TrainingEnvironment.DatasetDir, dataset.MountPath),
                // The pod's uid has no home folder in these images; tools write their config here.
                TrainingEnvironment.Literal("HOME", "/tmp"),
            ],
            EnvFrom = main.EnvFrom,
            // No GPUs for a download; cpu and memory as the trainer's, which the pod reserves anyway.
            Resources = new V1ResourceRequirements { Requests = CpuAndMemory(main.Resources.Requests), Limits = CpuAndMemory(main.Resources.Limits) },
            SecurityContext = main.SecurityContext,
            // With a read-only root, the writable /tmp of the pod (HOME above) as well.
            VolumeMounts = [.. (main.VolumeMounts ?? []).Where(m => m.MountPath == "/tmp"), new V1VolumeMount { Name = "dataset", MountPath = dataset.MountPath }],
        };
    }

    private static KueueLocalQueue? LocalQueue(WorkloadParts parts, TrainingJobSettings job, AppManifest manifest, AppResource resource)
    {
        if (job.Queue is not { ClusterQueue: { } clusterQueue } queue)
        {
            return null;
        }

        // Several jobs may declare the same LocalQueue: the first in the manifest owns the object.
        var owner = manifest.Resources.First(r => r.IsWorkload && r.Settings.TrainingJob?.Queue is { ClusterQueue: not null } q && q.Name == queue.Name);
        var ownerClusterQueue = owner.Settings.TrainingJob!.Queue!.ClusterQueue;
        if (ownerClusterQueue != clusterQueue)
        {
            throw new KubeAiException(
                ErrorCodes.InvalidTrainingSetting,
                $"LocalQueue '{queue.Name}' points at ClusterQueue '{clusterQueue}' here but at '{ownerClusterQueue}' in '{owner.Name}'",
                $"{resource.Origin}.deployment.trainingJob.localQueue.clusterQueue");
        }

        if (!ReferenceEquals(owner, resource))
        {
            return null;
        }

        return new KueueLocalQueue
        {
            Metadata = parts.Metadata(queue.Name),
            Spec = new KueueLocalQueueSpec { ClusterQueue = clusterQueue },
        };
    }

    private static V1Service HeadlessService(WorkloadParts parts, TrainingJobSettings job) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = parts.Metadata(parts.Name),
        Spec = new V1ServiceSpec
        {
            // Headless: DNS gives each pod <pod hostname>.<service>, ready or not, so workers find rank 0 while it starts.
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = parts.Selector,
            Ports = [new V1ServicePort { Name = RendezvousPortName, Port = job.MasterPort, TargetPort = job.MasterPort, Protocol = "TCP" }],
        },
    };

    private static V1PodFailurePolicy PodFailurePolicy(WorkloadParts parts, TrainingJobSettings job)
    {
        var rules = new List<V1PodFailurePolicyRule>
        {
            // Preemption, eviction and node drains are not the trainer's fault: no retry is spent on them.
            new() { Action = "Ignore", OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }] },
        };
        if (job.FailOnExitCodes.Count > 0)
        {
            rules.Add(new V1PodFailurePolicyRule
            {
                Action = "FailJob",
                OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = parts.Container.Name, OperatorProperty = "In", Values = job.FailOnExitCodes.Order().ToList() },
            });
        }

        return new V1PodFailurePolicy { Rules = rules };
    }

    private static V1JobSpec JobSpec(WorkloadParts parts, TrainingJobSettings job, V1PodTemplateSpec template, bool indexed, bool? suspend) => new()
    {
        CompletionMode = indexed ? "Indexed" : null,
        Completions = indexed ? job.Workers : null,
        Parallelism = indexed ? job.Workers : null,
        BackoffLimit = job.BackoffLimit ?? (job.BackoffLimitPerIndex is null ? DefaultBackoffLimit : null),
        BackoffLimitPerIndex = job.BackoffLimitPerIndex,
        MaxFailedIndexes = job.MaxFailedIndexes,
        ActiveDeadlineSeconds = job.ActiveDeadlineSeconds,
        TtlSecondsAfterFinished = job.TtlSecondsAfterFinished,
        PodFailurePolicy = PodFailurePolicy(parts, job),
        // A replacement starts only once the old pod is gone: never two pods of one rank.
        PodReplacementPolicy = "Failed",
        Suspend = suspend,
        Template = template,
    };

    private static V1CronJob CronJob(WorkloadParts parts, TrainingJobSettings job, V1JobSpec spec, V1ObjectMeta workloadMetadata) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "CronJob",
        Metadata = parts.Metadata(parts.Name, workloadMetadata.Annotations),
        Spec = new V1CronJobSpec
        {
            Schedule = job.Schedule,
            TimeZone = job.TimeZone,
            // A retraining run that overruns its interval finishes before the next one starts.
            ConcurrencyPolicy = "Forbid",
            SuccessfulJobsHistoryLimit = 3,
            FailedJobsHistoryLimit = 1,
            // The queue labels belong on the Jobs: Kueue admits Jobs, not CronJobs.
            JobTemplate = new V1JobTemplateSpec { Metadata = new V1ObjectMeta { Labels = workloadMetadata.Labels }, Spec = spec },
        },
    };

    private static JobSet JobSet(WorkloadParts parts, TrainingJobSettings job, V1PodTemplateSpec template, V1ObjectMeta metadata, bool? suspend)
    {
        // JobSet restarts the whole group when a Job fails: the Job itself gets no retries.
        var spec = JobSpec(parts, job with { BackoffLimit = 0 }, template, indexed: true, suspend: null);
        return new JobSet
        {
            Metadata = metadata,
            Spec = new JobSetSpec
            {
                Suspend = suspend,
                TtlSecondsAfterFinished = job.TtlSecondsAfterFinished,
                Network = new JobSetNetwork { EnableDNSHostnames = true, PublishNotReadyAddresses = true },
                SuccessPolicy = new JobSetSuccessPolicy { Operator = "All", TargetReplicatedJobs = [ReplicatedJobName] },
                FailurePolicy = new JobSetFailurePolicy
                {
                    MaxRestarts = job.BackoffLimit ?? DefaultBackoffLimit,
                    // A Job failed by its pod failure policy (a configured exit code) ends the JobSet, no restart.
                    Rules = job.FailOnExitCodes.Count == 0 ? null :
                    [
                        new JobSetFailurePolicyRule { Name = "fail-on-exit-code", Action = "FailJobSet", OnJobFailureReasons = ["PodFailurePolicy"] },
                    ],
                },
                ReplicatedJobs =
                [
                    new ReplicatedJob
                    {
                        Name = ReplicatedJobName,
                        Replicas = 1,
                        Template = new V1JobTemplateSpec { Metadata = new V1ObjectMeta { Labels = parts.Labels }, Spec = spec with { TtlSecondsAfterFinished = null } },
                    },
                ],
            },
        };
    }

    private static TrainJob TrainJob(WorkloadParts parts, TrainingJobSettings job, V1PodTemplateSpec template, V1ObjectMeta metadata, bool? suspend)
    {
        var main = parts.Container;
        var pod = template.Spec;

        // A trainer has no envFrom: each ConfigMap key becomes a reference of its own.
        var env = parts.Env.ConfigData.Keys
            .Select(key => new V1EnvVar { Name = key, ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = parts.ConfigMapName, Key = key } } })
            .Concat(main.Env ?? [])
            .ToList();

        // The runtime's node pod, patched with what KubeAi gives every training pod (only these fields are patchable).
        var patch = new V1PodTemplateSpec
        {
            Metadata = template.Metadata,
            Spec = new V1PodSpec
            {
                ServiceAccountName = pod.ServiceAccountName,
                SecurityContext = pod.SecurityContext,
                TerminationGracePeriodSeconds = pod.TerminationGracePeriodSeconds,
                ImagePullSecrets = pod.ImagePullSecrets,
                NodeSelector = pod.NodeSelector,
                Tolerations = pod.Tolerations,
                Volumes = pod.Volumes,
                Containers = [new V1Container { Name = TrainerNode, SecurityContext = main.SecurityContext, VolumeMounts = main.VolumeMounts }],
            },
        };

        return new TrainJob
        {
            Metadata = metadata,
            Spec = new TrainJobSpec
            {
                Suspend = suspend,
                ActiveDeadlineSeconds = job.ActiveDeadlineSeconds,
                RuntimeRef = new TrainJobRuntimeRef { ApiGroup = "trainer.kubeflow.org", Kind = "ClusterTrainingRuntime", Name = TrainingRuntime },
                Trainer = new TrainJobTrainer
                {
                    Image = main.Image,
                    Command = main.Command,
                    Args = main.Args,
                    Env = env.Count > 0 ? env : null,
                    NumNodes = job.Workers,
                    NumProcPerNode = job.ProcessesPerWorker,
                    ResourcesPerNode = main.Resources,
                },
                RuntimePatches =
                [
                    new TrainJobRuntimePatch
                    {
                        Manager = PatchManager,
                        TrainingRuntimeSpec = new TrainJobRuntimeSpecPatch
                        {
                            Template = new TrainJobJobSetTemplatePatch
                            {
                                Spec = new TrainJobJobSetSpecPatch
                                {
                                    ReplicatedJobs = [new ReplicatedJobPatch { Name = TrainerNode, Template = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = patch } } }],
                                },
                            },
                        },
                    },
                ],
            },
        };
    }

    private static PyTorchJob PyTorchJob(TrainingJobSettings job, Func<V1PodTemplateSpec> pod, V1ObjectMeta metadata, bool? suspend)
    {
        // One template per replica type, so that a customisation of one leaves the other alone.
        var replicas = new SortedDictionary<string, PyTorchReplicaSpec>(StringComparer.Ordinal)
        {
            ["Master"] = new() { Replicas = 1, RestartPolicy = "OnFailure", Template = pod() },
        };
        if (job.Workers > 1)
        {
            replicas["Worker"] = new() { Replicas = job.Workers - 1, RestartPolicy = "OnFailure", Template = pod() };
        }

        return new PyTorchJob
        {
            Metadata = metadata,
            Spec = new PyTorchJobSpec
            {
                NprocPerNode = job.ProcessesPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture),
                RunPolicy = new PyTorchRunPolicy
                {
                    Suspend = suspend,
                    BackoffLimit = job.BackoffLimit ?? DefaultBackoffLimit,
                    ActiveDeadlineSeconds = job.ActiveDeadlineSeconds,
                    TtlSecondsAfterFinished = job.TtlSecondsAfterFinished,
                },
                PytorchReplicaSpecs = replicas,
            },
        };
    }
}
