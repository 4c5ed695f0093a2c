namespace KubeAi.Core.Generation.BackingServices;

/// <summary>
/// How Kubernetes checks that a backing service is up: a command run inside its container
/// (<see cref="Command"/>), or an HTTP GET on one of its ports (<see cref="HttpPath"/> on
/// <see cref="HttpPort"/>). <c>{port}</c> in a command stands for the container port of the
/// resource's first TCP endpoint (else the image's default port).
/// </summary>
/// <param name="Command">The command and its arguments, run without a shell unless it names one.</param>
/// <param name="HttpPath">The path of an HTTP GET check.</param>
/// <param name="HttpPort">The container port of an HTTP GET check.</param>
/// <param name="TimeoutSeconds">How long one check may take: client tools that start a JVM, an Erlang VM or Node need seconds, not Kubernetes' default of one.</param>
public sealed record HealthCheck(IReadOnlyList<string>? Command, string? HttpPath, int? HttpPort, int TimeoutSeconds)
{
    public static HealthCheck Exec(int timeoutSeconds, params string[] command) => new(command, null, null, timeoutSeconds);

    public static HealthCheck Http(string path, int port, int timeoutSeconds = 5) => new(null, path, port, timeoutSeconds);
}

/// <summary>
/// What KubeAi knows about one well-known image so that it runs in a cluster the way it must:
/// where it keeps its data, which user owns that data, what it writes outside it, and how to
/// tell that it is up. docs/backing-services.md lists every entry with the source of each fact.
/// </summary>
public sealed record BackingService
{
    /// <summary>What the image is, for messages and docs: <c>PostgreSQL</c>.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Repository paths this entry matches, without registry, tag or digest. A name without a
    /// slash is a Docker official image (<c>postgres</c> = <c>library/postgres</c>); a path with a
    /// slash also matches behind a registry's proxy prefix (<c>harbor.example.com/hub/valkey/valkey</c>).
    /// </summary>
    public required IReadOnlyList<string> Repositories { get; init; }

    /// <summary>Where the image keeps the data that must survive a restart: the volume claim's mount path.</summary>
    public required string DataPath { get; init; }

    /// <summary>
    /// Other mount targets of the app model's volume that also hold this image's data (older
    /// image versions); such a volume is used where it is, as the data volume.
    /// </summary>
    public IReadOnlyList<string> AlsoDataPaths { get; init; } = [];

    /// <summary>
    /// Mount targets the app model may use that a non-root user cannot reach (under a root-only
    /// home): a volume there is mounted at <see cref="DataPath"/> instead.
    /// </summary>
    public IReadOnlyList<string> RelocatedDataPaths { get; init; } = [];

    /// <summary>
    /// Variables the image needs for its data to land in the volume, set only when the app model
    /// does not set them; <c>{dataPath}</c> stands for where the data volume is mounted.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>The uid the image's own files and data belong to.</summary>
    public required long UserId { get; init; }

    /// <summary>The gid the process runs with.</summary>
    public required long GroupId { get; init; }

    /// <summary>The group that owns the volume's files, so the non-root user can write a fresh claim.</summary>
    public required long FsGroup { get; init; }

    /// <summary>Paths the image writes outside its data under a read-only root: each gets an emptyDir (<c>/tmp</c> always does).</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];

    /// <summary>Why the image cannot run with a read-only root (it writes its configuration at start); null when it can.</summary>
    public string? NeedsWritableRoot { get; init; }

    /// <summary>The readiness check; null keeps KubeAi's TCP probes (<see cref="NoCheckReason"/> says why).</summary>
    public HealthCheck? Readiness { get; init; }

    /// <summary>The liveness check; null uses <see cref="Readiness"/>.</summary>
    public HealthCheck? Liveness { get; init; }

    /// <summary>Why the image has no check of its own that KubeAi could use.</summary>
    public string? NoCheckReason { get; init; }

    /// <summary>The port the image listens on unless told otherwise.</summary>
    public required int DefaultPort { get; init; }

    /// <summary>Requests and limits for a database-sized workload; the app model's and the caller's win.</summary>
    public required ResourceDefaults Resources { get; init; }

    /// <summary>The size of its data volume claim unless the caller gives one.</summary>
    public required string VolumeSize { get; init; }

    /// <summary>Whether a mount target of the app model's volume holds this image's data.</summary>
    public bool IsDataPath(string target) =>
        target == DataPath || AlsoDataPaths.Contains(target) || RelocatedDataPaths.Contains(target);

    /// <summary>Where a data volume found at <paramref name="target"/> is mounted.</summary>
    public string MountPathFor(string target) => RelocatedDataPaths.Contains(target) ? DataPath : target;
}
