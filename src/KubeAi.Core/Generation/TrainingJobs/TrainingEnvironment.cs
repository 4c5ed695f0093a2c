using System.Globalization;
using k8s.Models;
using KubeAi.Core.AppModel;

namespace KubeAi.Core.Generation.TrainingJobs;

/// <summary>
/// The environment contract of a training process (docs/training-jobs.md): what torchrun
/// (<c>PET_*</c>) and <c>torch.distributed</c> (<c>MASTER_*</c>, <c>RANK</c>, <c>WORLD_SIZE</c>)
/// read, and where checkpoints go.
/// </summary>
internal static class TrainingEnvironment
{
    public const string CheckpointDir = "KUBEAI_CHECKPOINT_DIR";
    public const string JobName = "KUBEAI_JOB_NAME";
    public const string DatasetSource = "KUBEAI_DATASET_SOURCE";
    public const string DatasetDir = "KUBEAI_DATASET_DIR";

    /// <summary>The annotation the Job controller sets on each pod of an Indexed Job.</summary>
    public const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

    /// <summary>The label the Job controller sets on each pod: the name of its Job.</summary>
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    /// <summary>
    /// Adds the contract to a worker container.
    /// </summary>
    /// <param name="env">The workload's environment.</param>
    /// <param name="job">The settings.</param>
    /// <param name="name">The workload (and Job) name.</param>
    /// <param name="masterHost">The rank-0 host: <c>localhost</c> for one worker; a <c>$(KUBEAI_JOB_NAME)</c> expansion when the Job name is only known at run time.</param>
    /// <param name="distributed">False for flavors whose operator sets the rendezvous variables itself.</param>
    /// <param name="jobNameAtRunTime">True when a CronJob names the Job: the checkpoint folder and master host use the Job's name label.</param>
    public static void Add(EnvironmentBuilder env, TrainingJobSettings job, string name, string masterHost, bool distributed, bool jobNameAtRunTime)
    {
        if (jobNameAtRunTime)
        {
            env.AddFixed(FieldRef(JobName, $"metadata.labels['{JobNameLabel}']"));
        }

        if (distributed)
        {
            var port = Number(job.MasterPort);
            var single = job.Workers == 1;
            V1EnvVar Rank(string variable) => single ? Literal(variable, "0") : FieldRef(variable, $"metadata.annotations['{CompletionIndexAnnotation}']");

            env.AddFixed(Literal("PET_NNODES", Number(job.Workers)));
            env.AddFixed(Literal("PET_NPROC_PER_NODE", Number(job.ProcessesPerWorker)));
            env.AddFixed(Rank("PET_NODE_RANK"));
            env.AddFixed(Literal("PET_MASTER_ADDR", masterHost));
            env.AddFixed(Literal("PET_MASTER_PORT", port));
            env.AddFixed(Literal("MASTER_ADDR", masterHost));
            env.AddFixed(Literal("MASTER_PORT", port));
            env.AddFixed(Rank("NODE_RANK"));
            if (job.ProcessesPerWorker == 1)
            {
                // One process per pod: the pod is the rank. With more, torchrun assigns ranks.
                env.AddFixed(Rank("RANK"));
                env.AddFixed(Literal("WORLD_SIZE", Number(job.Workers)));
            }
        }

        if (job.Checkpoint is { } checkpoint)
        {
            // Keyed by the Job, not the pod: a replacement pod of the same Job resumes.
            var folder = jobNameAtRunTime ? $"$({JobName})" : name;
            env.AddFixed(Literal(CheckpointDir, $"{checkpoint.MountPath.TrimEnd('/')}/{folder}"));
        }
    }

    public static V1EnvVar Literal(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FieldRef(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
