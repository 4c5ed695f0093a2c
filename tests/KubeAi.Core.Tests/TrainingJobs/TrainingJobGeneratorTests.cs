using k8s;
using k8s.Models;
using KubeAi.Core.AppModel;
using KubeAi.Core.Generation;
using KubeAi.Core.Generation.CustomResources;
using KubeAi.Core.Generation.TrainingJobs;
using KubeAi.Core.Output;
using KubeAi.Validation;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.TrainingJobs;

/// <summary>The shape of generated training jobs, object by object (docs/training-jobs.md).</summary>
public sealed class TrainingJobGeneratorTests
{
    private const string IndexAnnotation = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

    private static GeneratedApplication Golden(string name)
    {
        var golden = GoldenCases.All.Single(c => c.Name == name);
        return ApplicationGenerator.Generate(ManifestReader.ReadFile(golden.Manifest), golden.Options);
    }

    private static string Manifest(string trainingJob, string deploymentExtra = "", string resourceExtra = "") => $$"""
        {
          "resources": {
            "k8s": { "type": "kubeai.environment.v0" },
            "train": {
              "type": "container.v1",
              "image": "ghcr.io/example/train:1.0"{{resourceExtra}},
              "deployment": { "kind": "TrainingJob"{{deploymentExtra}}, "trainingJob": {{trainingJob}} }
            }
          }
        }
        """;

    private static V1Container Trainer(V1PodSpec pod) => pod.Containers.Single();

    private static string? Env(V1Container container, string name) => container.Env!.Single(e => e.Name == name).Value;

    private static string? EnvField(V1Container container, string name) => container.Env!.Single(e => e.Name == name).ValueFrom?.FieldRef?.FieldPath;

    // ---- the 4-worker GPU job (golden case training-distributed)

    [Fact]
    public void Four_workers_are_an_Indexed_Job_of_four_pods_that_never_restart_in_place()
    {
        var job = Inline.Single<V1Job>(Golden("training-distributed"), "llm-finetune");

        Assert.Equal("batch/v1", job.ApiVersion);
        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal(4, job.Spec.Completions);
        Assert.Equal(4, job.Spec.Parallelism);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.Equal(1, job.Spec.BackoffLimitPerIndex);
        Assert.Equal(1, job.Spec.MaxFailedIndexes);
        Assert.Null(job.Spec.BackoffLimit);
        Assert.Equal(86400, job.Spec.ActiveDeadlineSeconds);
        Assert.Equal(3600, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal(300, job.Spec.Template.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("ml-high", job.Spec.Template.Spec.PriorityClassName);
    }

    [Fact]
    public void The_pod_failure_policy_ignores_disruptions_and_fails_the_job_on_the_configured_exit_codes()
    {
        var job = Inline.Single<V1Job>(Golden("training-distributed"), "llm-finetune");

        Assert.Equal("Failed", job.Spec.PodReplacementPolicy);
        var rules = job.Spec.PodFailurePolicy.Rules;
        Assert.Equal(2, rules.Count);
        Assert.Equal("Ignore", rules[0].Action);
        Assert.Equal("DisruptionTarget", Assert.Single(rules[0].OnPodConditions).Type);
        Assert.Equal("FailJob", rules[1].Action);
        Assert.Equal("llm-finetune", rules[1].OnExitCodes.ContainerName);
        Assert.Equal("In", rules[1].OnExitCodes.OperatorProperty);
        Assert.Equal([3, 42], rules[1].OnExitCodes.Values);
        Assert.Equal("llm-finetune", Trainer(job.Spec.Template.Spec).Name);
    }

    [Fact]
    public void A_headless_Service_gives_rank_0_a_stable_name_and_the_pods_use_it_as_subdomain()
    {
        var app = Golden("training-distributed");
        var job = Inline.Single<V1Job>(app, "llm-finetune");
        var service = Inline.Single<V1Service>(app, "llm-finetune");

        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.True(service.Spec.PublishNotReadyAddresses);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(("rendezvous", 29500), (port.Name, port.Port));
        Assert.Equal(service.Metadata.Name, job.Spec.Template.Spec.Subdomain);
        Assert.All(service.Spec.Selector, pair => Assert.Equal(pair.Value, job.Spec.Template.Metadata.Labels[pair.Key]));
    }

    [Fact]
    public void Every_worker_gets_the_environment_contract_with_its_index_as_rank()
    {
        var container = Trainer(Inline.Single<V1Job>(Golden("training-distributed"), "llm-finetune").Spec.Template.Spec);

        Assert.Equal("4", Env(container, "PET_NNODES"));
        Assert.Equal("1", Env(container, "PET_NPROC_PER_NODE"));
        Assert.Equal(IndexAnnotation, EnvField(container, "PET_NODE_RANK"));
        Assert.Equal("llm-finetune-0.llm-finetune", Env(container, "PET_MASTER_ADDR"));
        Assert.Equal("29500", Env(container, "PET_MASTER_PORT"));
        Assert.Equal("llm-finetune-0.llm-finetune", Env(container, "MASTER_ADDR"));
        Assert.Equal("29500", Env(container, "MASTER_PORT"));
        Assert.Equal(IndexAnnotation, EnvField(container, "NODE_RANK"));
        Assert.Equal(IndexAnnotation, EnvField(container, "RANK"));
        Assert.Equal("4", Env(container, "WORLD_SIZE"));
        Assert.Equal("/checkpoints/llm-finetune", Env(container, "KUBEAI_CHECKPOINT_DIR"));
        // The app's own settings stay where services keep them.
        Assert.Equal("llm-finetune-config", Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        Assert.Equal("hf-token", container.Env!.Single(e => e.Name == "HF_TOKEN").ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void GPUs_come_with_limits_a_toleration_a_product_selector_and_a_large_shm()
    {
        var pod = Inline.Single<V1Job>(Golden("training-distributed"), "llm-finetune").Spec.Template.Spec;
        var container = Trainer(pod);

        Assert.Equal("8", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("8", container.Resources.Requests["nvidia.com/gpu"].ToString());
        Assert.Equal("16", container.Resources.Limits["cpu"].ToString());
        Assert.Equal("64Gi", container.Resources.Requests["memory"].ToString());
        var toleration = Assert.Single(pod.Tolerations);
        Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"), (toleration.Key, toleration.OperatorProperty, toleration.Effect));
        Assert.Equal("NVIDIA-H100-80GB-HBM3", pod.NodeSelector["nvidia.com/gpu.product"]);
        var shm = pod.Volumes.Single(v => v.Name == "dshm");
        Assert.Equal(("Memory", "32Gi"), (shm.EmptyDir.Medium, shm.EmptyDir.SizeLimit.ToString()));
        Assert.Contains(container.VolumeMounts, m => m.Name == "dshm" && m.MountPath == "/dev/shm");
    }

    [Fact]
    public void The_checkpoint_is_a_shared_claim_mounted_in_every_worker()
    {
        var app = Golden("training-distributed");
        var pod = Inline.Single<V1Job>(app, "llm-finetune").Spec.Template.Spec;
        var claim = Inline.Single<V1PersistentVolumeClaim>(app, "llm-finetune");

        Assert.Equal("llm-finetune-checkpoints", claim.Metadata.Name);
        Assert.Equal(["ReadWriteMany"], claim.Spec.AccessModes);
        Assert.Equal("fast-rwx", claim.Spec.StorageClassName);
        Assert.Equal("500Gi", claim.Spec.Resources.Requests["storage"].ToString());
        var volume = pod.Volumes.Single(v => v.PersistentVolumeClaim is not null);
        Assert.Equal(claim.Metadata.Name, volume.PersistentVolumeClaim.ClaimName);
        Assert.Contains(Trainer(pod).VolumeMounts, m => m.Name == volume.Name && m.MountPath == "/checkpoints");
        Assert.NotNull(pod.SecurityContext.FsGroup);
    }

    [Fact]
    public void Kueue_labels_suspend_the_job_and_the_LocalQueue_points_at_the_ClusterQueue()
    {
        var app = Golden("training-distributed");
        var job = Inline.Single<V1Job>(app, "llm-finetune");
        var queue = Inline.Single<KueueLocalQueue>(app, "llm-finetune");

        Assert.Equal("team-a", job.Metadata.Labels["kueue.x-k8s.io/queue-name"]);
        Assert.Equal("high", job.Metadata.Labels["kueue.x-k8s.io/priority-class"]);
        Assert.True(job.Spec.Suspend);
        Assert.Equal("kueue.x-k8s.io/v1beta2", queue.ApiVersion);
        Assert.Equal("team-a", queue.Metadata.Name);
        Assert.Equal("cluster-gpu", queue.Spec.ClusterQueue);
        // Pods are not queued: only the Job carries the queue label.
        Assert.False(job.Spec.Template.Metadata.Labels.ContainsKey("kueue.x-k8s.io/queue-name"));
    }

    [Fact]
    public void The_dataset_is_fetched_by_a_restricted_init_container_into_a_volume_the_trainer_reads()
    {
        var pod = Inline.Single<V1Job>(Golden("training-distributed"), "llm-finetune").Spec.Template.Spec;
        var fetch = Assert.Single(pod.InitContainers);

        Assert.Equal("docker.io/amazon/aws-cli:2.17.0", fetch.Image);
        Assert.Equal(["s3", "sync", "--only-show-errors", "s3://training-data/llm/v3", "/data"], fetch.Args);
        Assert.False(fetch.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(fetch.SecurityContext.RunAsNonRoot);
        Assert.Equal(["ALL"], fetch.SecurityContext.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", fetch.SecurityContext.SeccompProfile.Type);
        Assert.Equal(["cpu", "memory"], fetch.Resources.Requests.Keys);
        Assert.Equal(["cpu", "memory"], fetch.Resources.Limits.Keys);
        Assert.DoesNotContain(fetch.Env!, e => e.Name == "RANK");
        Assert.Contains(fetch.Env!, e => e.Name == "HF_TOKEN");
        var dataset = pod.Volumes.Single(v => v.Name == "dataset");
        Assert.Equal("200Gi", dataset.EmptyDir.SizeLimit.ToString());
        Assert.Contains(fetch.VolumeMounts, m => m.Name == "dataset" && m.MountPath == "/data" && m.ReadOnlyProperty is null);
        Assert.Contains(Trainer(pod).VolumeMounts, m => m.Name == "dataset" && m.MountPath == "/data" && m.ReadOnlyProperty == true);
    }

    [Fact]
    public void Training_pods_run_restricted_under_their_own_service_account()
    {
        var app = Golden("training-distributed");
        var pod = Inline.Single<V1Job>(app, "llm-finetune").Spec.Template.Spec;
        var account = Inline.Single<V1ServiceAccount>(app, "llm-finetune");

        Assert.False(account.AutomountServiceAccountToken);
        Assert.Equal(account.Metadata.Name, pod.ServiceAccountName);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(Trainer(pod).SecurityContext.AllowPrivilegeEscalation);
    }

    // ---- one worker, CronJob, flavors

    [Fact]
    public void One_worker_is_a_plain_Job_with_the_contract_of_rank_0_and_a_ReadWriteOnce_checkpoint()
    {
        var app = Golden("training-single");
        var job = Inline.Single<V1Job>(app, "trainer");
        var container = Trainer(job.Spec.Template.Spec);

        Assert.Null(job.Spec.CompletionMode);
        Assert.Null(job.Spec.Completions);
        Assert.Equal(2, job.Spec.BackoffLimit);
        Assert.Null(job.Spec.Suspend);
        Assert.False(Inline.Has<V1Service>(app, "trainer"));
        Assert.Equal("0", Env(container, "RANK"));
        Assert.Equal("1", Env(container, "WORLD_SIZE"));
        Assert.Equal("0", Env(container, "NODE_RANK"));
        Assert.Equal("localhost", Env(container, "MASTER_ADDR"));
        Assert.Equal("localhost", Env(container, "PET_MASTER_ADDR"));
        Assert.Equal("/checkpoints/trainer", Env(container, "KUBEAI_CHECKPOINT_DIR"));
        Assert.Equal(["ReadWriteOnce"], Inline.Single<V1PersistentVolumeClaim>(app, "trainer").Spec.AccessModes);
        var fetch = Assert.Single(job.Spec.Template.Spec.InitContainers);
        Assert.Equal("docker.io/curlimages/curl:8.10.1", fetch.Image);
        Assert.Contains("/data/sentiment.csv", fetch.Args);
    }

    [Fact]
    public void A_schedule_wraps_the_job_in_a_CronJob_that_never_overlaps_and_names_checkpoints_by_the_run()
    {
        var app = Golden("training-cron");
        var cron = Inline.Single<V1CronJob>(app, "retrain");
        var spec = cron.Spec.JobTemplate.Spec;
        var container = Trainer(spec.Template.Spec);

        Assert.Equal("0 3 * * 0", cron.Spec.Schedule);
        Assert.Equal("Europe/Paris", cron.Spec.TimeZone);
        Assert.Equal("Forbid", cron.Spec.ConcurrencyPolicy);
        Assert.Equal(3, cron.Spec.SuccessfulJobsHistoryLimit);
        Assert.Equal(1, cron.Spec.FailedJobsHistoryLimit);
        Assert.Equal("team-a", cron.Spec.JobTemplate.Metadata.Labels["kueue.x-k8s.io/queue-name"]);
        Assert.True(spec.Suspend);
        Assert.Equal(2, spec.Completions);
        Assert.Equal(600, spec.Template.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("metadata.labels['batch.kubernetes.io/job-name']", EnvField(container, "KUBEAI_JOB_NAME"));
        Assert.Equal("$(KUBEAI_JOB_NAME)-0.retrain", Env(container, "MASTER_ADDR"));
        Assert.Equal("/var/checkpoints/$(KUBEAI_JOB_NAME)", Env(container, "KUBEAI_CHECKPOINT_DIR"));
        // $(VAR) only expands variables defined before it.
        var names = container.Env!.Select(e => e.Name).ToList();
        Assert.True(names.IndexOf("KUBEAI_JOB_NAME") < names.IndexOf("MASTER_ADDR"));
        Assert.True(names.IndexOf("KUBEAI_JOB_NAME") < names.IndexOf("KUBEAI_CHECKPOINT_DIR"));
        // Two processes per pod: torchrun assigns RANK and WORLD_SIZE.
        Assert.DoesNotContain(container.Env!, e => e.Name is "RANK" or "WORLD_SIZE");
        Assert.Equal("2", Env(container, "PET_NPROC_PER_NODE"));
        Assert.Equal("1", container.Resources.Limits["nvidia.com/mig-3g.40gb"].ToString());
    }

    [Fact]
    public void Two_jobs_that_declare_one_LocalQueue_make_one_object()
    {
        var app = Golden("training-cron");

        Assert.True(Inline.Has<KueueLocalQueue>(app, "retrain"));
        Assert.False(Inline.Has<KueueLocalQueue>(app, "evaluate"));
    }

    [Fact]
    public void JobSet_runs_one_Indexed_Job_with_DNS_hostnames_and_restarts_the_set()
    {
        var jobSet = Inline.Single<JobSet>(Golden("training-jobset"), "pretrain");
        var replicated = Assert.Single(jobSet.Spec.ReplicatedJobs);
        var spec = replicated.Template.Spec;
        var container = Trainer(spec.Template.Spec);

        Assert.True(jobSet.Spec.Network!.EnableDNSHostnames);
        Assert.True(jobSet.Spec.Suspend);
        Assert.Equal(5, jobSet.Spec.FailurePolicy!.MaxRestarts);
        Assert.Equal("FailJobSet", Assert.Single(jobSet.Spec.FailurePolicy.Rules!).Action);
        Assert.Equal(["workers"], jobSet.Spec.SuccessPolicy!.TargetReplicatedJobs);
        Assert.Equal(("Indexed", 4, 4, 0), (spec.CompletionMode, spec.Completions, spec.Parallelism, spec.BackoffLimit));
        Assert.Equal("pretrain-workers-0-0.pretrain", Env(container, "MASTER_ADDR"));
        Assert.Equal(IndexAnnotation, EnvField(container, "NODE_RANK"));
        Assert.Equal("team-b", jobSet.Metadata.Labels["kueue.x-k8s.io/queue-name"]);
    }

    [Fact]
    public void TrainJob_refers_to_the_torch_runtime_and_patches_its_pods()
    {
        var trainJob = Inline.Single<TrainJob>(Golden("training-trainjob"), "finetune");
        var trainer = trainJob.Spec.Trainer!;
        var patch = Assert.Single(Assert.Single(trainJob.Spec.RuntimePatches!).TrainingRuntimeSpec!.Template.Spec.ReplicatedJobs);
        var pod = patch.Template.Spec.Template.Spec;

        Assert.Equal(("trainer.kubeflow.org", "ClusterTrainingRuntime", "torch-distributed"), (trainJob.Spec.RuntimeRef.ApiGroup, trainJob.Spec.RuntimeRef.Kind, trainJob.Spec.RuntimeRef.Name));
        Assert.Equal(("ghcr.io/example/finetune:1.2.0", 2, 2), (trainer.Image, trainer.NumNodes, trainer.NumProcPerNode));
        Assert.Equal(["python"], trainer.Command);
        Assert.Equal("2", trainer.ResourcesPerNode!.Limits["nvidia.com/gpu"].ToString());
        Assert.Contains(trainer.Env!, e => e.Name == "LORA_RANK" && e.ValueFrom.ConfigMapKeyRef.Name == "finetune-config");
        Assert.Contains(trainer.Env!, e => e.Name == "KUBEAI_CHECKPOINT_DIR" && e.Value == "/checkpoints/finetune");
        Assert.DoesNotContain(trainer.Env!, e => e.Name.StartsWith("PET_", StringComparison.Ordinal));
        Assert.Equal("node", patch.Name);
        Assert.Equal("finetune", pod.ServiceAccountName);
        Assert.Single(pod.Tolerations);
        Assert.Contains(pod.Volumes, v => v.PersistentVolumeClaim?.ClaimName == "finetune-checkpoints");
        Assert.True(trainJob.Spec.Suspend);
    }

    [Fact]
    public void PyTorchJob_has_one_master_and_the_other_workers_in_containers_named_pytorch()
    {
        var job = Inline.Single<PyTorchJob>(Golden("training-pytorchjob"), "resnet");
        var master = job.Spec.PytorchReplicaSpecs["Master"];
        var worker = job.Spec.PytorchReplicaSpecs["Worker"];

        Assert.Equal((1, "OnFailure"), (master.Replicas, master.RestartPolicy));
        Assert.Equal((2, "OnFailure"), (worker.Replicas, worker.RestartPolicy));
        Assert.Equal("1", job.Spec.NprocPerNode);
        Assert.Equal(4, job.Spec.RunPolicy!.BackoffLimit);
        var container = Trainer(master.Template.Spec);
        Assert.Equal("pytorch", container.Name);
        Assert.Contains(container.Ports, p => p.Name == "pytorchjob-port" && p.ContainerPort == 23456);
        Assert.DoesNotContain(container.Env!, e => e.Name is "RANK" or "MASTER_ADDR");
        Assert.Null(master.Template.Spec.RestartPolicy);
        Assert.NotSame(master.Template, worker.Template);
        Assert.Single(worker.Template.Spec.InitContainers);
    }

    // ---- every object strictly valid, every secret a reference

    public static TheoryData<string> TrainingCases => new(GoldenCases.All.Where(c => c.Name.StartsWith("training-", StringComparison.Ordinal)).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Every_generated_object_is_valid_against_its_schema_or_CRD(string name)
    {
        foreach (var resource in Golden(name).Resources)
        {
            foreach (var obj in resource.Objects)
            {
                var yaml = KubernetesYaml.Serialize(obj);
                Assert.Empty(SchemaValidator.Default.Validate(yaml, $"{resource.Name}/{obj.Kind}"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Secrets_reach_training_pods_only_as_references_to_listed_keys(string name)
    {
        var app = Golden(name);
        var keys = app.SecretKeys.Select(k => k.Key).ToHashSet();
        foreach (var obj in app.Resources.SelectMany(r => r.Objects))
        {
            var yaml = KubernetesYaml.Serialize(obj);
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(yaml, @"secretKeyRef:\s+key: (\S+)\s+name: (\S+)"))
            {
                Assert.Contains(match.Groups[1].Value, keys);
                Assert.Equal(app.SecretName, match.Groups[2].Value);
            }
        }
    }

    // ---- inline variations

    [Fact]
    public void An_explicit_access_mode_is_kept_and_a_missing_one_follows_the_worker_count()
    {
        var shared = Inline.Generate(Manifest("""{ "workers": 2, "checkpoint": { "size": "1Gi" } }"""));
        var single = Inline.Generate(Manifest("""{ "checkpoint": { "size": "1Gi" } }"""));
        var explicitOnce = Inline.Generate(Manifest("""{ "workers": 2, "checkpoint": { "size": "1Gi", "accessMode": "ReadWriteOnce" } }"""));

        Assert.Equal(["ReadWriteMany"], Inline.Single<V1PersistentVolumeClaim>(shared, "train").Spec.AccessModes);
        Assert.Equal(["ReadWriteOnce"], Inline.Single<V1PersistentVolumeClaim>(single, "train").Spec.AccessModes);
        Assert.Equal(["ReadWriteOnce"], Inline.Single<V1PersistentVolumeClaim>(explicitOnce, "train").Spec.AccessModes);
    }

    [Fact]
    public void Without_a_checkpoint_there_is_no_claim_no_checkpoint_folder_and_the_default_grace_period()
    {
        var app = Inline.Generate(Manifest("{}"));
        var job = Inline.Single<V1Job>(app, "train");

        Assert.False(Inline.Has<V1PersistentVolumeClaim>(app, "train"));
        Assert.Null(job.Spec.Template.Spec.TerminationGracePeriodSeconds);
        Assert.DoesNotContain(Trainer(job.Spec.Template.Spec).Env!, e => e.Name == "KUBEAI_CHECKPOINT_DIR");
        Assert.Equal(TrainingJobGenerator.DefaultBackoffLimit, job.Spec.BackoffLimit);
        Assert.Single(job.Spec.PodFailurePolicy.Rules);
    }

    [Fact]
    public void A_dataset_of_another_scheme_uses_the_given_image_with_the_source_in_its_environment()
    {
        var app = Inline.Generate(Manifest("""{ "dataset": { "source": "gs://bucket/data", "image": "ghcr.io/example/gsutil:1" } }"""));
        var fetch = Assert.Single(Inline.Single<V1Job>(app, "train").Spec.Template.Spec.InitContainers);

        Assert.Equal("ghcr.io/example/gsutil:1", fetch.Image);
        Assert.Null(fetch.Args);
        Assert.Contains(fetch.Env!, e => e.Name == "KUBEAI_DATASET_SOURCE" && e.Value == "gs://bucket/data");
        Assert.Contains(fetch.Env!, e => e.Name == "KUBEAI_DATASET_DIR" && e.Value == "/data");
    }

    [Fact]
    public void Several_processes_per_worker_leave_RANK_and_WORLD_SIZE_to_torchrun()
    {
        var app = Inline.Generate(Manifest("""{ "workers": 2, "processesPerWorker": 8 }"""));
        var container = Trainer(Inline.Single<V1Job>(app, "train").Spec.Template.Spec);

        Assert.Equal("8", Env(container, "PET_NPROC_PER_NODE"));
        Assert.DoesNotContain(container.Env!, e => e.Name is "RANK" or "WORLD_SIZE");
    }

    [Fact]
    public void A_training_job_has_a_network_policy_letting_its_workers_talk_to_each_other()
    {
        var resource = Inline.Generate(Manifest("""{ "workers": 2 }""")).Resources.Single(r => r.Name == "train");

        Assert.True(resource.Network!.PeerTraffic);
        Assert.Equal(TrainingJobGenerator.Component, resource.Component);
    }

    [Fact]
    public void The_kustomize_layout_names_a_file_per_object_when_a_folder_has_two_of_a_kind()
    {
        var app = Inline.Generate(Manifest("""{ "workers": 2, "checkpoint": { "size": "1Gi" } }"""));
        var resource = app.Resources.Single(r => r.Name == "train");
        var extra = new V1PersistentVolumeClaim { ApiVersion = "v1", Kind = "PersistentVolumeClaim", Metadata = new V1ObjectMeta { Name = "train-scratch" } };
        var twoClaims = app with { Resources = [resource with { Objects = [.. resource.Objects, extra] }] };

        var single = KustomizeLayout.Build(app, Inline.Source);
        var files = KustomizeLayout.Build(twoClaims, Inline.Source);

        Assert.Contains("base/train/persistentvolumeclaim.yaml", single.Keys);
        Assert.Contains("base/train/job.yaml", files.Keys);
        Assert.Contains("base/train/persistentvolumeclaim-train-checkpoints.yaml", files.Keys);
        Assert.Contains("base/train/persistentvolumeclaim-train-scratch.yaml", files.Keys);
        Assert.DoesNotContain("base/train/persistentvolumeclaim.yaml", files.Keys);
        Assert.Contains("- persistentvolumeclaim-train-scratch.yaml", files["base/train/kustomization.yaml"]);
    }
}
