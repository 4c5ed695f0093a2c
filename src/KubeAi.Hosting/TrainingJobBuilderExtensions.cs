using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;
using KubeAi.Core.AppModel;
using KubeAi.Core.AppModel.Contract;

namespace Aspire.Hosting;

/// <summary>
/// Training jobs as Aspire resources. <c>dotnet run</c> runs one as an ordinary process (a project) or
/// container, once, to completion, as rank 0 of a world of 1; publishing deploys it as a (distributed)
/// Kubernetes training job (docs/app-model-contract.md, <c>kind: TrainingJob</c>).
/// </summary>
public static class TrainingJobBuilderExtensions
{
    /// <summary>The rendezvous port of the local run's environment contract (and KubeAi's default in the cluster).</summary>
    public const int DefaultMasterPort = 29500;

    /// <summary>Adds a .NET project that trains a model as a training job.</summary>
    /// <typeparam name="TProject">The project (from the generated <c>Projects</c> class).</typeparam>
    /// <example><code lang="csharp">builder.AddTrainingJob&lt;Projects.Trainer&gt;("train").WithWorkers(4).WithGpus(1);</code></example>
    public static IResourceBuilder<TrainingJobResource> AddTrainingJob<TProject>(this IDistributedApplicationBuilder builder, [ResourceName] string name)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var job = builder.AddResource(new TrainingJobResource(name))
            .WithAnnotation(new TProject())
            .WithProjectDefaults(new ProjectResourceOptions());
        return WithLocalRunContract(job, builder.AppHostDirectory, inContainer: false);
    }

    /// <summary>Adds a training job that runs an existing container image.</summary>
    /// <example><code lang="csharp">builder.AddTrainingJob("finetune", "ghcr.io/acme/finetune", "2.1").WithWorkers(2, processesPerWorker: 8);</code></example>
    public static IResourceBuilder<ContainerTrainingJobResource> AddTrainingJob(this IDistributedApplicationBuilder builder, [ResourceName] string name, string image, string tag = "latest")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        var job = builder.AddResource(new ContainerTrainingJobResource(name))
            .WithImage(image, tag);
        return WithLocalRunContract(job, builder.AppHostDirectory, inContainer: true);
    }

    /// <summary>Runs <paramref name="workers"/> pods (nodes) with <paramref name="processesPerWorker"/> processes each (usually one per GPU).</summary>
    public static IResourceBuilder<T> WithWorkers<T>(this IResourceBuilder<T> builder, int workers, int processesPerWorker = 1)
        where T : ITrainingJobResource
    {
        KubeAiArguments.Range(workers, 1, 10_000, nameof(workers), "workers");
        KubeAiArguments.Range(processesPerWorker, 1, 1024, nameof(processesPerWorker), "processesPerWorker");
        return Update(builder, j => j with { Workers = workers, ProcessesPerWorker = processesPerWorker });
    }

    /// <summary>Gives the workers a shared checkpoint volume (<c>KUBEAI_CHECKPOINT_DIR</c> points at it) so a restarted job resumes.</summary>
    /// <param name="builder">The job.</param>
    /// <param name="size">The claim's size, for example <c>100Gi</c>.</param>
    /// <param name="storageClass">The storage class; the environment's when null.</param>
    /// <param name="accessMode"><c>ReadWriteMany</c> (several workers), <c>ReadWriteOnce</c> or <c>ReadWriteOncePod</c>; KubeAi's default when null.</param>
    /// <param name="mountPath">Where the volume is mounted; KubeAi's default (<c>/checkpoints</c>) when null.</param>
    public static IResourceBuilder<T> WithCheckpoints<T>(this IResourceBuilder<T> builder, string size, string? storageClass = null, string? accessMode = null, string? mountPath = null)
        where T : ITrainingJobResource
    {
        KubeAiArguments.RequiredQuantity(size, nameof(size));
        KubeAiArguments.DnsName(storageClass, nameof(storageClass), "storage class");
        if (accessMode is not null and not ("ReadWriteMany" or "ReadWriteOnce" or "ReadWriteOncePod"))
        {
            throw new ArgumentException($"access mode '{accessMode}' is not one of ReadWriteMany, ReadWriteOnce, ReadWriteOncePod", nameof(accessMode));
        }

        KubeAiArguments.Path(mountPath, nameof(mountPath), "checkpoint mount path");
        return Update(builder, j => j with { Checkpoint = new CheckpointSettings(size, storageClass, accessMode, mountPath ?? ContractDefaults.CheckpointMountPath) });
    }

    /// <summary>
    /// Copies the training data from <paramref name="source"/> (for example <c>s3://bucket/train</c>) into a volume
    /// before training starts, with an init container running <paramref name="image"/> (KubeAi picks one by scheme when null).
    /// </summary>
    public static IResourceBuilder<T> WithDataset<T>(this IResourceBuilder<T> builder, string source, string? image = null, string? mountPath = null, string? size = null)
        where T : ITrainingJobResource
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (image is not null && !ImageReference.IsValid(image))
        {
            throw new ArgumentException($"'{image}' is not an image reference ([registry/]repository[:tag][@sha256:digest], repository in lowercase)", nameof(image));
        }

        KubeAiArguments.Path(mountPath, nameof(mountPath), "dataset mount path");
        KubeAiArguments.Quantity(size, nameof(size));
        return Update(builder, j => j with { Dataset = new DatasetSettings(source, image, mountPath ?? ContractDefaults.DatasetMountPath, size ?? ContractDefaults.DatasetSize) });
    }

    /// <summary>Runs the job on a cron schedule (a CronJob) in <paramref name="timeZone"/> (an IANA name such as <c>Etc/UTC</c>).</summary>
    public static IResourceBuilder<T> WithSchedule<T>(this IResourceBuilder<T> builder, string cron, string? timeZone = null)
        where T : ITrainingJobResource
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cron);
        try
        {
            Cronos.CronExpression.Parse(cron);
        }
        catch (Cronos.CronFormatException ex)
        {
            throw new ArgumentException($"'{cron}' is not a cron schedule (five fields: minute hour day-of-month month day-of-week, for example \"0 3 * * 0\"): {ex.Message}", nameof(cron), ex);
        }

        if (timeZone is not null)
        {
            try
            {
                TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new ArgumentException($"'{timeZone}' is not a time zone (use an IANA name such as Etc/UTC or Europe/Paris)", nameof(timeZone), ex);
            }
        }

        return Update(builder, j => j with { Schedule = cron, TimeZone = timeZone });
    }

    /// <summary>Submits the job to the Kueue LocalQueue <paramref name="name"/> (created for <paramref name="clusterQueue"/> when given), with an optional Kueue WorkloadPriorityClass.</summary>
    public static IResourceBuilder<T> WithQueue<T>(this IResourceBuilder<T> builder, string name, string? clusterQueue = null, string? priority = null)
        where T : ITrainingJobResource
    {
        ArgumentNullException.ThrowIfNull(name);
        KubeAiArguments.DnsName(name, nameof(name), "queue");
        KubeAiArguments.DnsName(clusterQueue, nameof(clusterQueue), "cluster queue");
        KubeAiArguments.DnsName(priority, nameof(priority), "Kueue priority class");
        return Update(builder, j => j with { Queue = new QueueSettings(name, clusterQueue, priority) });
    }

    /// <summary>How many times a failed worker pod is retried before the job fails.</summary>
    public static IResourceBuilder<T> WithBackoffLimit<T>(this IResourceBuilder<T> builder, int backoffLimit)
        where T : ITrainingJobResource
    {
        KubeAiArguments.Range(backoffLimit, 0, 10_000, nameof(backoffLimit), "backoffLimit");
        return Update(builder, j => j with { BackoffLimit = backoffLimit });
    }

    /// <summary>Fails the job when it runs longer than <paramref name="deadline"/> (<c>activeDeadlineSeconds</c>).</summary>
    public static IResourceBuilder<T> WithDeadline<T>(this IResourceBuilder<T> builder, TimeSpan deadline)
        where T : ITrainingJobResource
    {
        KubeAiArguments.WholeSeconds(deadline, TimeSpan.FromSeconds(1), TimeSpan.FromDays(365), nameof(deadline), "deadline");
        return Update(builder, j => j with { ActiveDeadlineSeconds = (long)deadline.TotalSeconds });
    }

    /// <summary>Deletes the finished job (and its pods) after <paramref name="ttl"/> (<c>ttlSecondsAfterFinished</c>).</summary>
    public static IResourceBuilder<T> WithTtlAfterFinished<T>(this IResourceBuilder<T> builder, TimeSpan ttl)
        where T : ITrainingJobResource
    {
        KubeAiArguments.WholeSeconds(ttl, TimeSpan.Zero, TimeSpan.FromSeconds(int.MaxValue), nameof(ttl), "TTL after finished");
        return Update(builder, j => j with { TtlSecondsAfterFinished = (int)ttl.TotalSeconds });
    }

    /// <summary>Schedules the pods with the Kubernetes PriorityClass <paramref name="priorityClassName"/> (created by the cluster admin).</summary>
    public static IResourceBuilder<T> WithPriorityClass<T>(this IResourceBuilder<T> builder, string priorityClassName)
        where T : ITrainingJobResource
    {
        ArgumentNullException.ThrowIfNull(priorityClassName);
        KubeAiArguments.DnsName(priorityClassName, nameof(priorityClassName), "priority class");
        return Update(builder, j => j with { PriorityClassName = priorityClassName });
    }

    /// <summary>Chooses the Kubernetes object that runs the job (default <see cref="TrainingJobFlavor.Job"/>).</summary>
    public static IResourceBuilder<T> WithFlavor<T>(this IResourceBuilder<T> builder, TrainingJobFlavor flavor)
        where T : ITrainingJobResource
    {
        if (!Enum.IsDefined(flavor))
        {
            throw new ArgumentOutOfRangeException(nameof(flavor), flavor, "flavor must be Job, JobSet, TrainJob or PyTorchJob");
        }

        return Update(builder, j => j with { Flavor = flavor.ContractName() });
    }

    /// <summary>Fails the whole job at once (no retry) when a worker exits with one of <paramref name="exitCodes"/> (a pod failure policy).</summary>
    public static IResourceBuilder<T> WithFailOnExitCodes<T>(this IResourceBuilder<T> builder, params int[] exitCodes)
        where T : ITrainingJobResource
    {
        ArgumentNullException.ThrowIfNull(exitCodes);
        if (exitCodes.Length == 0)
        {
            throw new ArgumentException("give at least one exit code", nameof(exitCodes));
        }

        foreach (var code in exitCodes)
        {
            KubeAiArguments.Range(code, 1, 255, nameof(exitCodes), "an exit code");
        }

        return Update(builder, j => j with { FailOnExitCodes = exitCodes.Distinct().Order().ToArray() });
    }

    /// <summary>The rendezvous port of the workers in the cluster (<c>MASTER_PORT</c>; default <see cref="DefaultMasterPort"/>).</summary>
    public static IResourceBuilder<T> WithMasterPort<T>(this IResourceBuilder<T> builder, int port)
        where T : ITrainingJobResource
    {
        KubeAiArguments.Range(port, 1, 65535, nameof(port), "master port");
        return Update(builder, j => j with { MasterPort = port });
    }

    /// <summary>
    /// Retries each worker (index) of an indexed Job up to <paramref name="backoffLimitPerIndex"/> times on its own
    /// (<c>backoffLimitPerIndex</c>), and fails the job once more than <paramref name="maxFailedIndexes"/> workers have failed.
    /// </summary>
    public static IResourceBuilder<T> WithBackoffLimitPerIndex<T>(this IResourceBuilder<T> builder, int backoffLimitPerIndex, int? maxFailedIndexes = null)
        where T : ITrainingJobResource
    {
        KubeAiArguments.Range(backoffLimitPerIndex, 0, 10_000, nameof(backoffLimitPerIndex), "backoffLimitPerIndex");
        if (maxFailedIndexes is { } max)
        {
            KubeAiArguments.Range(max, 0, 100_000, nameof(maxFailedIndexes), "maxFailedIndexes");
        }

        return Update(builder, j => j with { BackoffLimitPerIndex = backoffLimitPerIndex, MaxFailedIndexes = maxFailedIndexes });
    }

    /// <summary>How long a worker has to save a checkpoint after SIGTERM before it is killed (<c>terminationGracePeriodSeconds</c>).</summary>
    public static IResourceBuilder<T> WithTerminationGracePeriod<T>(this IResourceBuilder<T> builder, TimeSpan gracePeriod)
        where T : ITrainingJobResource
    {
        KubeAiArguments.WholeSeconds(gracePeriod, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(gracePeriod), "termination grace period");
        return Update(builder, j => j with { TerminationGracePeriodSeconds = (long)gracePeriod.TotalSeconds });
    }

    private static IResourceBuilder<T> Update<T>(IResourceBuilder<T> builder, Func<TrainingJobSettings, TrainingJobSettings> change)
        where T : ITrainingJobResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithKubeAiSettings(s => s.WithJob(change));
    }

    /// <summary>
    /// Sets how many worker processes <c>dotnet run</c> starts for a project training job (default: the
    /// job's <see cref="WithWorkers{T}"/> count), for example 1 on a small laptop for a job that runs 64
    /// workers in the cluster. Has no effect on the manifest.
    /// </summary>
    public static IResourceBuilder<TrainingJobResource> WithLocalWorkers(this IResourceBuilder<TrainingJobResource> builder, int workers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        KubeAiArguments.Range(workers, 1, 64, nameof(workers), "local workers");
        return builder.WithAnnotation(new LocalWorkersAnnotation(workers), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// In run mode, the environment contract of local workers: a project job runs one process per worker
    /// (<see cref="WithWorkers{T}"/>, or <see cref="WithLocalWorkers"/>), ranks 0..n−1, rendezvous on
    /// localhost (port 29500 for one worker, a free port for several), and a shared checkpoint folder
    /// under the app host's <c>.kubeai/checkpoints/&lt;job&gt;</c> (created; bind-mounted at
    /// <c>/checkpoints</c> for a container job, which runs one worker locally). Ranks 1..n−1 are resources
    /// of their own, <c>&lt;job&gt;-rank&lt;i&gt;</c>, added just before the application starts, when every
    /// setting (references, waits, environment) of the job is known and can be copied. Nothing of this
    /// reaches the manifest.
    /// </summary>
    private static IResourceBuilder<T> WithLocalRunContract<T>(IResourceBuilder<T> job, string appHostDirectory, bool inContainer)
        where T : ITrainingJobResource
    {
        if (!job.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return job;
        }

        var checkpoints = LocalCheckpointDirectory(appHostDirectory, job.Resource.Name);
        if (inContainer && job.Resource is ContainerResource container)
        {
            Directory.CreateDirectory(checkpoints);
            container.Annotations.Add(new ContainerMountAnnotation(checkpoints, LocalContainerCheckpointPath, ContainerMountType.BindMount, isReadOnly: false));
        }

        var world = new LocalWorld();
        var contract = new EnvironmentCallbackAnnotation(context => SetContract(context.EnvironmentVariables, rank: 0));
        job.WithAnnotation(contract);
        if (!inContainer && job.Resource is TrainingJobResource project)
        {
            job.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                world.Size = project.Annotations.OfType<LocalWorkersAnnotation>().LastOrDefault()?.Workers
                    ?? project.GetKubeAiSettings().Job().Workers;
                world.ProcessesPerWorker = project.GetKubeAiSettings().Job().ProcessesPerWorker;
                if (world.Size > 1)
                {
                    world.Port = FreeLoopbackPort();
                }

                for (var rank = 1; rank < world.Size; rank++)
                {
                    e.Model.Resources.Add(LocalWorker(project, contract, rank, SetContract));
                }

                return Task.CompletedTask;
            });
        }

        return job;

        void SetContract(IDictionary<string, object> env, int rank)
        {
            // Read from what BeforeStart captured: the orchestrator adds annotations to the job while
            // environments are evaluated, so enumerating them here could fail.
            var perWorker = (inContainer ? job.Resource.GetKubeAiSettings().Job().ProcessesPerWorker : world.ProcessesPerWorker).ToString(CultureInfo.InvariantCulture);
            var port = world.Port.ToString(CultureInfo.InvariantCulture);
            var size = world.Size.ToString(CultureInfo.InvariantCulture);
            var rankText = rank.ToString(CultureInfo.InvariantCulture);
            Directory.CreateDirectory(checkpoints);
            env["RANK"] = rankText;
            env["WORLD_SIZE"] = size;
            env["NODE_RANK"] = rankText;
            env["MASTER_ADDR"] = "localhost";
            env["MASTER_PORT"] = port;
            env["PET_NNODES"] = size;
            env["PET_NPROC_PER_NODE"] = perWorker;
            env["PET_NODE_RANK"] = rankText;
            env["PET_MASTER_ADDR"] = "localhost";
            env["PET_MASTER_PORT"] = port;
            env["KUBEAI_CHECKPOINT_DIR"] = inContainer ? LocalContainerCheckpointPath : checkpoints;
        }
    }

    /// <summary>
    /// Rank <paramref name="rank"/> of a local multi-worker job: a new resource for the same project. It
    /// shares no annotation object with rank 0 that the orchestrator would run or change twice: it takes
    /// the project, the waits, references and arguments, and gets its environment by running rank 0's
    /// environment callbacks (captured now, before the orchestrator adds its own) on its own context,
    /// then its own contract. No endpoints or health checks of its own (those are rank 0's).
    /// </summary>
    private static TrainingJobResource LocalWorker(TrainingJobResource job, EnvironmentCallbackAnnotation rankZeroContract, int rank, Action<IDictionary<string, object>, int> setContract)
    {
        var worker = new TrainingJobResource($"{job.Name}-rank{rank.ToString(CultureInfo.InvariantCulture)}");
        var environment = job.Annotations.OfType<EnvironmentCallbackAnnotation>().Where(a => !ReferenceEquals(a, rankZeroContract)).ToList();
        foreach (var annotation in job.Annotations)
        {
            if (annotation is IProjectMetadata or WaitAnnotation or ResourceRelationshipAnnotation or CommandLineArgsCallbackAnnotation or KubeAiDeploymentAnnotation or LocalWorkersAnnotation)
            {
                worker.Annotations.Add(annotation);
            }
        }

        worker.Annotations.Add(new EnvironmentCallbackAnnotation(async context =>
        {
            foreach (var callback in environment)
            {
                await callback.Callback(context).ConfigureAwait(false);
            }

            setContract(context.EnvironmentVariables, rank);
        }));
        worker.Annotations.Add(new ResourceRelationshipAnnotation(job, "Parent"));
        return worker;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The size and rendezvous port of a job's local world, known once the application starts.</summary>
    private sealed class LocalWorld
    {
        public int Size { get; set; } = 1;

        public int Port { get; set; } = DefaultMasterPort;

        public int ProcessesPerWorker { get; set; } = 1;
    }

    /// <summary>Where a container training job's local checkpoint folder is mounted.</summary>
    internal const string LocalContainerCheckpointPath = "/checkpoints";

    /// <summary>The local checkpoint folder of a job: <c>&lt;app host dir&gt;/.kubeai/checkpoints/&lt;job&gt;</c>.</summary>
    public static string LocalCheckpointDirectory(string appHostDirectory, string jobName)
    {
        ArgumentNullException.ThrowIfNull(appHostDirectory);
        ArgumentNullException.ThrowIfNull(jobName);
        return Path.Combine(appHostDirectory, ".kubeai", "checkpoints", jobName);
    }
}
