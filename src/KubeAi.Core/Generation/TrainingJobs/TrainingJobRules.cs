using System.Globalization;
using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Generation.TrainingJobs;

/// <summary>
/// What the settings reader cannot check alone: settings that do not apply to a training job,
/// settings a flavor cannot express (KUBEAI4009), and names Kubernetes would reject once the
/// Job controller appends its suffixes (KUBEAI4008).
/// </summary>
internal static class TrainingJobRules
{
    public const string Job = "job";
    public const string JobSetFlavor = "jobset";
    public const string TrainJobFlavor = "trainjob";
    public const string PyTorchJobFlavor = "pytorchjob";

    /// <summary>CronJob names are at most 52 characters: the controller appends 11 to name its Jobs.</summary>
    public const int MaxCronJobName = 52;

    /// <summary>The suffix a CronJob adds to name a Job: '-' and the scheduled time in minutes (up to 10 digits).</summary>
    public const int CronJobSuffix = 11;

    /// <summary>Environment variables the generated workload sets itself; the app model may not set them.</summary>
    public static readonly string[] ReservedEnv =
    [
        "PET_NNODES", "PET_NPROC_PER_NODE", "PET_NODE_RANK", "PET_MASTER_ADDR", "PET_MASTER_PORT",
        "MASTER_ADDR", "MASTER_PORT", "NODE_RANK", "RANK", "WORLD_SIZE",
        TrainingEnvironment.CheckpointDir, TrainingEnvironment.JobName, TrainingEnvironment.DatasetSource, TrainingEnvironment.DatasetDir,
    ];

    public static void Check(AppResource resource, TrainingJobSettings job, string name)
    {
        var origin = $"{resource.Origin}.deployment";
        var at = $"{origin}.trainingJob";
        var settings = resource.Settings;
        NotForTraining(settings.Replicas is not null, "replicas", "use trainingJob.workers for the number of worker pods", origin);
        NotForTraining(settings.Probes.Count > 0, "probes", "a training job runs to completion and has no health probes", origin);
        NotForTraining(settings.StartupTimeoutSeconds is not null, "startupTimeoutSeconds", "a training job has no startup probe; use trainingJob.activeDeadlineSeconds to bound a run", origin);
        NotForTraining(settings.Autoscaling is not null, "autoscaling", "a training job's worker count is trainingJob.workers", origin);
        NotForTraining(settings.Ingress is not null, "ingress", "a training job serves no traffic", origin);
        NotForTraining(settings.ModelCache is not null, "modelCache", "use trainingJob.checkpoint or trainingJob.dataset for training storage", origin);

        if (resource.Volumes.Count > 0)
        {
            throw new KubeAiException(
                ErrorCodes.InvalidTrainingSetting,
                $"training job '{resource.Name}' has the named volume '{resource.Volumes[0].Source}'; a training job keeps its data in trainingJob.checkpoint (a PersistentVolumeClaim) and trainingJob.dataset",
                $"{resource.Origin}.volumes[0]");
        }

        foreach (var (key, _) in resource.Env)
        {
            if (ReservedEnv.Contains(key, StringComparer.Ordinal))
            {
                throw new KubeAiException(
                    ErrorCodes.InvalidTrainingSetting,
                    $"environment variable '{key}' of training job '{resource.Name}' is set by the training-job environment contract (docs/training-jobs.md); remove it from the app model",
                    $"{resource.Origin}.env.{key}");
            }
        }

        CheckFlavor(job, at);
        CheckIndexed(job, at);
        CheckNames(job, name, resource.Origin);
    }

    private static void NotForTraining(bool set, string key, string hint, string origin)
    {
        if (set)
        {
            throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, $"'{key}' does not apply to a training job: {hint}", $"{origin}.{key}");
        }
    }

    private static void CheckFlavor(TrainingJobSettings job, string at)
    {
        var flavor = job.Flavor;
        if (flavor == Job)
        {
            return;
        }

        if (job.Schedule is not null)
        {
            Conflict(flavor, "schedule", $"'{job.Schedule}'", "a CronJob can only create batch/v1 Jobs; use flavor 'job' for scheduled retraining", at);
        }

        if (job.BackoffLimitPerIndex is { } perIndex)
        {
            Conflict(flavor, "backoffLimitPerIndex", Number(perIndex), "it is a field of Indexed batch/v1 Jobs; use flavor 'job'", at);
        }

        if (job.MaxFailedIndexes is { } maxFailed)
        {
            Conflict(flavor, "maxFailedIndexes", Number(maxFailed), "it is a field of Indexed batch/v1 Jobs; use flavor 'job'", at);
        }

        if (flavor == PyTorchJobFlavor && job.FailOnExitCodes.Count > 0)
        {
            Conflict(flavor, "failOnExitCodes", $"[{string.Join(", ", job.FailOnExitCodes)}]", "a PyTorchJob has no pod failure policy; use flavor 'job' or 'jobset'", at);
        }

        if (flavor != TrainJobFlavor)
        {
            return;
        }

        // A TrainJob delegates the Job spec to its runtime and lets a patch touch only a few pod fields.
        const string runtime = "a TrainJob's training runtime owns it";
        if (job.BackoffLimit is { } backoff)
        {
            Conflict(flavor, "backoffLimit", Number(backoff), runtime, at);
        }

        if (job.TtlSecondsAfterFinished is { } ttl)
        {
            Conflict(flavor, "ttlSecondsAfterFinished", Number(ttl), runtime, at);
        }

        if (job.FailOnExitCodes.Count > 0)
        {
            Conflict(flavor, "failOnExitCodes", $"[{string.Join(", ", job.FailOnExitCodes)}]", runtime, at);
        }

        if (job.MasterPort != 29500)
        {
            Conflict(flavor, "masterPort", Number(job.MasterPort), "the torch runtime chooses the rendezvous port (29400)", at);
        }

        if (job.PriorityClassName is { } priority)
        {
            Conflict(flavor, "priorityClassName", $"'{priority}'", "runtime patches cannot set a pod's priority class; set it in the ClusterTrainingRuntime or use kueuePriorityClass", at);
        }

        if (job.Dataset is { } dataset)
        {
            Conflict(flavor, "dataset", $"'{dataset.Source}'", "runtime patches cannot add an init container with its own image; use a runtime with a dataset initializer, or flavor 'job'/'jobset'", at);
        }
    }

    private static void Conflict(string flavor, string key, string value, string why, string at) =>
        throw new KubeAiException(ErrorCodes.TrainingFlavorConflict, $"flavor '{flavor}' cannot express '{key}' ({value}): {why}", $"{at}.{key}");

    private static void CheckIndexed(TrainingJobSettings job, string at)
    {
        if (job.MaxFailedIndexes is { } maxFailed)
        {
            if (job.BackoffLimitPerIndex is null)
            {
                throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, $"'maxFailedIndexes' ({Number(maxFailed)}) needs 'backoffLimitPerIndex'", $"{at}.maxFailedIndexes");
            }

            if (maxFailed > job.Workers)
            {
                throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, $"'maxFailedIndexes' ({Number(maxFailed)}) is more than the {Number(job.Workers)} worker(s)", $"{at}.maxFailedIndexes");
            }
        }

        if (job.BackoffLimitPerIndex is { } perIndex && job.Workers == 1)
        {
            throw new KubeAiException(ErrorCodes.InvalidTrainingSetting, $"'backoffLimitPerIndex' ({Number(perIndex)}) needs an Indexed Job of more than one worker; use 'backoffLimit' for one worker", $"{at}.backoffLimitPerIndex");
        }
    }

    private static void CheckNames(TrainingJobSettings job, string name, string origin)
    {
        if (job.Schedule is not null && name.Length > MaxCronJobName)
        {
            throw new KubeAiException(
                ErrorCodes.InvalidTrainingSetting,
                $"training job name '{name}' is {Number(name.Length)} characters; a scheduled training job becomes a CronJob, whose name is at most {MaxCronJobName} (the controller appends {CronJobSuffix} to name each Job): shorten the resource name",
                origin);
        }

        // Pods of an Indexed Job are named and resolved as <job>-<index>: a DNS label, at most 63.
        var lastIndex = Number(job.Workers - 1);
        var (hostname, what) = job.Flavor switch
        {
            Job when job.Workers > 1 && job.Schedule is not null => ($"{name}-{new string('0', CronJobSuffix - 1)}-{lastIndex}", "the pods of its scheduled Jobs"),
            Job when job.Workers > 1 => ($"{name}-{lastIndex}", "its pods"),
            JobSetFlavor => ($"{name}-{TrainingJobGenerator.ReplicatedJobName}-0-{lastIndex}", "its pods"),
            _ => (null, null),
        };
        if (hostname is not null && hostname.Length > 63)
        {
            throw new KubeAiException(
                ErrorCodes.InvalidTrainingSetting,
                $"training job name '{name}' is too long for {what}: their host names (such as '{hostname}') must be at most 63 characters; shorten the resource name",
                origin);
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
