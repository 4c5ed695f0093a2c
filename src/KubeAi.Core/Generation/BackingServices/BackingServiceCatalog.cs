namespace KubeAi.Core.Generation.BackingServices;

/// <summary>
/// The well-known images apps run beside their own code (databases, caches, brokers, search,
/// vector stores, identity, logs, model servers). A container resource whose image is listed
/// becomes a StatefulSet with a volume claim at the image's data path, runs as the image's own
/// user under the restricted profile, and is probed with the image's own health command.
/// Every fact is sourced in docs/backing-services.md; change both together.
/// </summary>
public static class BackingServiceCatalog
{
    private static readonly ResourceDefaults Database = new("250m", "512Mi", "2", "2Gi");
    private static readonly ResourceDefaults Cache = new("100m", "256Mi", "1", "1Gi");

    public static IReadOnlyList<BackingService> All { get; } =
    [
        new()
        {
            Name = "PostgreSQL",
            Repositories = ["postgres", "pgvector/pgvector"],
            // 18+ keeps PGDATA under /var/lib/postgresql/<major>/docker; before 18 the volume was /var/lib/postgresql/data.
            DataPath = "/var/lib/postgresql",
            AlsoDataPaths = ["/var/lib/postgresql/data"],
            // initdb refuses a directory that is not empty, and a fresh ext4 claim holds lost+found.
            Environment = [new("PGDATA", "{dataPath}/pgdata")],
            UserId = 999, GroupId = 999, FsGroup = 999,
            WritablePaths = ["/var/run/postgresql"],
            Readiness = HealthCheck.Exec(5, "pg_isready", "-h", "127.0.0.1", "-p", "{port}"),
            DefaultPort = 5432,
            Resources = Database,
            VolumeSize = "8Gi",
        },
        new()
        {
            Name = "Redis",
            Repositories = ["redis"],
            DataPath = "/data",
            UserId = 999, GroupId = 999, FsGroup = 999,
            Readiness = HealthCheck.Exec(5, "sh", "-c", "if [ -n \"$REDIS_PASSWORD\" ]; then redis-cli --no-auth-warning -a \"$REDIS_PASSWORD\" -p {port} ping; else redis-cli -p {port} ping; fi | grep -q PONG"),
            DefaultPort = 6379,
            Resources = Cache,
            VolumeSize = "1Gi",
        },
        new()
        {
            Name = "Valkey",
            Repositories = ["valkey/valkey"],
            DataPath = "/data",
            UserId = 999, GroupId = 999, FsGroup = 999,
            Readiness = HealthCheck.Exec(5, "sh", "-c", "if [ -n \"$VALKEY_PASSWORD\" ]; then valkey-cli --no-auth-warning -a \"$VALKEY_PASSWORD\" -p {port} ping; else valkey-cli -p {port} ping; fi | grep -q PONG"),
            DefaultPort = 6379,
            Resources = Cache,
            VolumeSize = "1Gi",
        },
        new()
        {
            Name = "Garnet",
            Repositories = ["microsoft/garnet"],
            DataPath = "/data",
            // The .NET runtime image's APP_UID, which the Garnet Dockerfile runs as.
            UserId = 1654, GroupId = 1654, FsGroup = 1654,
            NoCheckReason = "the image holds only the Garnet server, no client to ping it with",
            DefaultPort = 6379,
            Resources = Cache,
            VolumeSize = "1Gi",
        },
        new()
        {
            Name = "RabbitMQ",
            Repositories = ["rabbitmq"],
            DataPath = "/var/lib/rabbitmq",
            UserId = 999, GroupId = 999, FsGroup = 999,
            WritablePaths = ["/var/log/rabbitmq"],
            // rabbitmq-diagnostics starts an Erlang VM for each check: seconds, not milliseconds.
            Readiness = HealthCheck.Exec(20, "rabbitmq-diagnostics", "-q", "ping"),
            DefaultPort = 5672,
            Resources = new("250m", "512Mi", "2", "1Gi"),
            VolumeSize = "2Gi",
        },
        new()
        {
            Name = "MongoDB",
            Repositories = ["mongo"],
            DataPath = "/data/db",
            UserId = 999, GroupId = 999, FsGroup = 999,
            Readiness = HealthCheck.Exec(10, "mongosh", "--quiet", "--norc", "--port", "{port}", "--eval", "db.adminCommand('ping')"),
            DefaultPort = 27017,
            Resources = Database,
            VolumeSize = "8Gi",
        },
        new()
        {
            Name = "MySQL",
            Repositories = ["mysql"],
            DataPath = "/var/lib/mysql",
            UserId = 999, GroupId = 999, FsGroup = 999,
            WritablePaths = ["/var/run/mysqld"],
            // mysqladmin ping exits 0 whenever the server answers, even with "Access denied".
            Readiness = HealthCheck.Exec(5, "mysqladmin", "ping", "--silent", "-h", "127.0.0.1", "-P", "{port}"),
            DefaultPort = 3306,
            Resources = Database,
            VolumeSize = "8Gi",
        },
        new()
        {
            Name = "MariaDB",
            Repositories = ["mariadb"],
            DataPath = "/var/lib/mysql",
            UserId = 999, GroupId = 999, FsGroup = 999,
            WritablePaths = ["/run/mysqld"],
            Readiness = HealthCheck.Exec(5, "healthcheck.sh", "--connect", "--innodb_initialized"),
            DefaultPort = 3306,
            Resources = Database,
            VolumeSize = "8Gi",
        },
        new()
        {
            Name = "SQL Server",
            Repositories = ["mssql/server"],
            DataPath = "/var/opt/mssql",
            UserId = 10001, GroupId = 10001, FsGroup = 10001,
            NeedsWritableRoot = "SQL Server on Linux is not documented to run with a read-only root filesystem",
            NoCheckReason = "sqlcmd moved between image versions (/opt/mssql-tools, /opt/mssql-tools18, with different flags) and needs the sa password",
            DefaultPort = 1433,
            // SQL Server on Linux needs at least 2 GB of memory.
            Resources = new("500m", "2Gi", "2", "4Gi"),
            VolumeSize = "8Gi",
        },
        new()
        {
            Name = "Kafka (Confluent)",
            Repositories = ["confluentinc/confluent-local", "confluentinc/cp-kafka"],
            DataPath = "/var/lib/kafka/data",
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            NeedsWritableRoot = "the image writes its broker configuration under /etc/kafka from the environment at every start",
            NoCheckReason = "Kafka's client tools connect back through the advertised listener (the Service), which routes only to ready pods",
            DefaultPort = 9092,
            Resources = new("500m", "1Gi", "2", "2Gi"),
            VolumeSize = "10Gi",
        },
        new()
        {
            Name = "Kafka (Apache)",
            Repositories = ["apache/kafka", "apache/kafka-native"],
            // The image's default server.properties sets log.dirs to this path.
            DataPath = "/tmp/kraft-combined-logs",
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            NeedsWritableRoot = "the image writes its server.properties from the environment at every start",
            NoCheckReason = "Kafka's client tools connect back through the advertised listener (the Service), which routes only to ready pods",
            DefaultPort = 9092,
            Resources = new("500m", "1Gi", "2", "2Gi"),
            VolumeSize = "10Gi",
        },
        new()
        {
            Name = "NATS",
            Repositories = ["nats"],
            // Aspire's WithDataVolume mounts the JetStream store (-sd) here.
            DataPath = "/var/lib/nats",
            // The scratch image has no user of its own; nats-server needs no file outside its store.
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            NoCheckReason = "the scratch image holds only nats-server: no shell, no client; /healthz needs the monitoring port (-m 8222)",
            DefaultPort = 4222,
            Resources = new("100m", "128Mi", "1", "512Mi"),
            VolumeSize = "2Gi",
        },
        new()
        {
            Name = "Elasticsearch",
            Repositories = ["elasticsearch", "elasticsearch/elasticsearch"],
            DataPath = "/usr/share/elasticsearch/data",
            // The image runs as uid 1000 (gid 0); uid 1000 owns every file it needs, so gid 1000 avoids the root group.
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            NeedsWritableRoot = "Elasticsearch writes its keystore (and, with security auto-configuration, certificates) under config/ at first start",
            // 401 means up with security on; 200 means up with security off.
            Readiness = HealthCheck.Exec(10, "sh", "-c", "code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:{port}/); [ \"$code\" = 200 ] || [ \"$code\" = 401 ]"),
            DefaultPort = 9200,
            Resources = new("500m", "2Gi", "2", "4Gi"),
            VolumeSize = "10Gi",
        },
        new()
        {
            Name = "Qdrant",
            Repositories = ["qdrant/qdrant"],
            DataPath = "/qdrant/storage",
            // The values of Qdrant's own Helm chart.
            UserId = 1000, GroupId = 2000, FsGroup = 3000,
            WritablePaths = ["/qdrant/snapshots", "/qdrant/init"],
            // Qdrant writes an "initialized" marker into its working directory and panics if it cannot.
            Environment = [new("QDRANT_INIT_FILE_PATH", "/qdrant/init/.qdrant-initialized")],
            Readiness = HealthCheck.Http("/readyz", 6333),
            Liveness = HealthCheck.Http("/livez", 6333),
            DefaultPort = 6333,
            Resources = Database,
            VolumeSize = "10Gi",
        },
        new()
        {
            Name = "Milvus",
            Repositories = ["milvusdb/milvus"],
            DataPath = "/var/lib/milvus",
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            NeedsWritableRoot = "the image runs as root and writes under /milvus; a read-only root is not documented",
            Readiness = HealthCheck.Exec(10, "curl", "-f", "http://localhost:9091/healthz"),
            DefaultPort = 19530,
            Resources = new("500m", "2Gi", "2", "4Gi"),
            VolumeSize = "10Gi",
        },
        new()
        {
            Name = "Keycloak",
            Repositories = ["keycloak/keycloak"],
            DataPath = "/opt/keycloak/data",
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            NeedsWritableRoot = "Keycloak re-augments its build (under /opt/keycloak/lib) when its configuration changes",
            // Health endpoints are off unless KC_HEALTH_ENABLED; since 25 they are on the management port.
            Environment = [new("KC_HEALTH_ENABLED", "true")],
            Readiness = HealthCheck.Http("/health/ready", 9000),
            Liveness = HealthCheck.Http("/health/live", 9000),
            DefaultPort = 8080,
            Resources = new("250m", "512Mi", "2", "1Gi"),
            VolumeSize = "1Gi",
        },
        new()
        {
            Name = "Seq",
            Repositories = ["datalust/seq"],
            DataPath = "/data",
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            NeedsWritableRoot = "the image runs as root; a read-only root is not documented",
            Readiness = HealthCheck.Http("/health", 80),
            DefaultPort = 80,
            Resources = Database,
            VolumeSize = "10Gi",
        },
        new()
        {
            Name = "Ollama",
            Repositories = ["ollama/ollama"],
            // The image keeps models in /root/.ollama, which a non-root user cannot reach: they move here.
            DataPath = "/var/lib/ollama",
            RelocatedDataPaths = ["/root/.ollama"],
            Environment = [new("HOME", "{dataPath}"), new("OLLAMA_MODELS", "{dataPath}/models")],
            UserId = 1000, GroupId = 1000, FsGroup = 1000,
            Readiness = HealthCheck.Http("/", 11434),
            DefaultPort = 11434,
            Resources = new("500m", "2Gi", "4", "8Gi"),
            VolumeSize = "50Gi",
        },
    ];

    /// <summary>The entry for an image reference (<c>docker.io/library/postgres:17.6@sha256:…</c>), or null when KubeAi does not know it.</summary>
    public static BackingService? Find(string image)
    {
        var repository = Repository(image);
        return All.FirstOrDefault(entry => entry.Repositories.Any(r => Matches(repository, r)));
    }

    /// <summary>The repository path of an image reference: no registry, tag or digest; lowercase.</summary>
    public static string Repository(string image) => KubeAi.Core.AppModel.ImageReference.Parse(image.Trim().ToLowerInvariant()).Repository;

    private static bool Matches(string repository, string known)
    {
        // An official image (no slash) is library/<name>; a mirror may put its own path in front.
        var full = known.Contains('/', StringComparison.Ordinal) ? known : $"library/{known}";
        return repository == known || repository == full || repository.EndsWith("/" + full, StringComparison.Ordinal);
    }
}
