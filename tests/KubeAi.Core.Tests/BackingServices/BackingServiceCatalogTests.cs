using KubeAi.Core.AppModel;
using KubeAi.Core.Generation.BackingServices;
using KubeAi.TestSupport;

namespace KubeAi.Core.Tests.BackingServices;

public sealed class BackingServiceCatalogTests
{
    [Theory]
    [InlineData("docker.io/library/postgres:17.6", "PostgreSQL")]
    [InlineData("postgres", "PostgreSQL")]
    [InlineData("postgres:18.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "PostgreSQL")]
    [InlineData("myregistry.example.com/library/postgres:16.4", "PostgreSQL")]
    [InlineData("harbor.example.com/dockerhub-proxy/library/postgres:17", "PostgreSQL")]
    [InlineData("localhost:5000/library/postgres", "PostgreSQL")]
    [InlineData("pgvector/pgvector:pg17", "PostgreSQL")]
    [InlineData("docker.io/library/redis:8.6", "Redis")]
    [InlineData("redis", "Redis")]
    [InlineData("docker.io/valkey/valkey:8", "Valkey")]
    [InlineData("ghcr.io/microsoft/garnet", "Garnet")]
    [InlineData("docker.io/library/rabbitmq:4.3-management", "RabbitMQ")]
    [InlineData("mongo", "MongoDB")]
    [InlineData("mysql", "MySQL")]
    [InlineData("mariadb", "MariaDB")]
    [InlineData("mcr.microsoft.com/mssql/server:2022-latest", "SQL Server")]
    [InlineData("confluentinc/confluent-local", "Kafka (Confluent)")]
    [InlineData("apache/kafka", "Kafka (Apache)")]
    [InlineData("nats", "NATS")]
    [InlineData("elasticsearch", "Elasticsearch")]
    [InlineData("docker.elastic.co/elasticsearch/elasticsearch:8.17.3", "Elasticsearch")]
    [InlineData("qdrant/qdrant", "Qdrant")]
    [InlineData("milvusdb/milvus", "Milvus")]
    [InlineData("quay.io/keycloak/keycloak", "Keycloak")]
    [InlineData("datalust/seq", "Seq")]
    [InlineData("ollama/ollama", "Ollama")]
    [InlineData("Docker.IO/Library/Postgres:17", "PostgreSQL")]
    public void Images_match_by_repository_whatever_the_registry_tag_or_digest(string image, string expected)
    {
        Assert.Equal(expected, BackingServiceCatalog.Find(image)?.Name);
    }

    [Theory]
    [InlineData("bitnami/postgresql:16")]
    [InlineData("myteam/redis:7")]
    [InlineData("registry.example.com/team/postgres-migrations:1.0")]
    [InlineData("quay.io/prometheuscommunity/postgres-exporter")]
    [InlineData("docker.io/library/eclipse-mosquitto:2.0.20")]
    [InlineData("nginx:1.27")]
    [InlineData("localhost:5000/redis-tools:1")]
    [InlineData("ghcr.io/example/finetune:1.2.0")]
    public void Images_the_catalogue_does_not_know_match_nothing(string image)
    {
        Assert.Null(BackingServiceCatalog.Find(image));
    }

    [Fact]
    public void Every_entry_has_absolute_paths_valid_quantities_and_a_check_or_the_reason_it_has_none()
    {
        foreach (var entry in BackingServiceCatalog.All)
        {
            Assert.All(new[] { entry.DataPath }.Concat(entry.AlsoDataPaths).Concat(entry.RelocatedDataPaths).Concat(entry.WritablePaths), p => Assert.StartsWith("/", p));
            Assert.True(Quantities.IsQuantity(entry.VolumeSize), entry.Name);
            Assert.All(new[] { entry.Resources.CpuRequest, entry.Resources.MemoryRequest, entry.Resources.CpuLimit, entry.Resources.MemoryLimit }, q => Assert.True(q is not null && Quantities.IsQuantity(q), entry.Name));
            Assert.True(entry.UserId > 0 && entry.GroupId > 0 && entry.FsGroup > 0, $"{entry.Name} would run as root");
            Assert.True((entry.Readiness is null) == (entry.NoCheckReason is not null), $"{entry.Name}: a check, or the reason there is none");
            Assert.DoesNotContain("/tmp", entry.WritablePaths); // every read-only root gets /tmp already
        }

        Assert.Equal(BackingServiceCatalog.All.Count, BackingServiceCatalog.All.Select(e => e.Name).Distinct().Count());
        var repositories = BackingServiceCatalog.All.SelectMany(e => e.Repositories).ToList();
        Assert.Equal(repositories.Count, repositories.Distinct().Count());
    }

    /// <summary>The table in docs/backing-services.md states what the catalogue sets; this keeps the two in step.</summary>
    [Fact]
    public void Every_entry_is_a_row_of_the_table_in_docs_backing_services_md_with_the_values_it_sets()
    {
        var rows = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "backing-services.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[1], c => c, StringComparer.Ordinal);

        foreach (var entry in BackingServiceCatalog.All)
        {
            Assert.True(rows.TryGetValue(entry.Name, out var row), $"docs/backing-services.md has no row for {entry.Name}");
            var (match, data, ids, writable, probes, resources) = (row[2], row[3], row[4], row[5], row[6], row[7]);
            Assert.All(entry.Repositories, r => Assert.Contains($"`{r}`", match, StringComparison.Ordinal));
            Assert.Contains($"`{entry.DataPath}`", data, StringComparison.Ordinal);
            Assert.Contains(entry.VolumeSize, data, StringComparison.Ordinal);
            Assert.Equal($"{entry.UserId}/{entry.GroupId}/{entry.FsGroup}", ids);
            if (entry.NeedsWritableRoot is null)
            {
                Assert.All(entry.WritablePaths, p => Assert.Contains($"`{p}`", writable, StringComparison.Ordinal));
            }
            else
            {
                Assert.Contains("writable root", writable, StringComparison.Ordinal);
            }

            var expectedProbe = entry.Readiness switch
            {
                { Command: { } command } => command[0] == "sh" ? new[] { "redis-cli", "valkey-cli", "curl" }.First(t => command[2].Contains(t, StringComparison.Ordinal)) : command[0],
                { HttpPath: { } path } => path,
                _ => "TCP",
            };
            Assert.Contains(expectedProbe, probes, StringComparison.Ordinal);
            var r = entry.Resources;
            Assert.Equal($"{r.CpuRequest}/{r.MemoryRequest} → {r.CpuLimit}/{r.MemoryLimit}", resources);
        }
    }
}
