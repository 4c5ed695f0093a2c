using Aspire.Hosting.KubeAi;

// Backing services that have no Aspire integration package here, written the way users do it:
// AddContainer with the image, its ports, its settings and a data volume.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddKubeAiEnvironment("k8s").WithNamespace("containers-app");

var apiKey = builder.AddParameter("api-key", secret: true);
var featureFlags = builder.AddParameter("feature-flags");
var mongoPassword = builder.AddParameter("mongo-password", secret: true);
var mysqlPassword = builder.AddParameter("mysql-password", secret: true);
var mssqlPassword = builder.AddParameter("mssql-password", secret: true);
var keycloakPassword = builder.AddParameter("keycloak-password", secret: true);

var mongo = builder.AddContainer("mongo", "mongo", "8.0.4")
    .WithEndpoint(targetPort: 27017, name: "tcp")
    .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", "admin")
    .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", mongoPassword)
    .WithVolume("mongo-data", "/data/db");

var mysql = builder.AddContainer("mysql", "mysql", "8.4.3")
    .WithEndpoint(targetPort: 3306, name: "tcp")
    .WithEnvironment("MYSQL_ROOT_PASSWORD", mysqlPassword)
    .WithEnvironment("MYSQL_DATABASE", "app")
    .WithVolume("mysql-data", "/var/lib/mysql");

var mssql = builder.AddContainer("mssql", "mcr.microsoft.com/mssql/server", "2022-CU16-ubuntu-22.04")
    .WithEndpoint(targetPort: 1433, name: "tcp")
    .WithEnvironment("ACCEPT_EULA", "Y")
    .WithEnvironment("MSSQL_SA_PASSWORD", mssqlPassword)
    .WithVolume("mssql-data", "/var/opt/mssql");

var kafka = builder.AddContainer("kafka", "apache/kafka", "3.9.0")
    .WithEndpoint(targetPort: 9092, name: "tcp")
    .WithEnvironment("KAFKA_NODE_ID", "1")
    .WithEnvironment("KAFKA_PROCESS_ROLES", "broker,controller")
    .WithEnvironment("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
    .WithEnvironment("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
    .WithEnvironment("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
    .WithVolume("kafka-data", "/var/lib/kafka/data");

var nats = builder.AddContainer("nats", "nats", "2.10.24")
    .WithEndpoint(targetPort: 4222, name: "tcp")
    .WithHttpEndpoint(targetPort: 8222, name: "monitoring")
    .WithArgs("--jetstream", "--store_dir", "/data", "--http_port", "8222")
    .WithVolume("nats-data", "/data");

var elasticsearch = builder.AddContainer("elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch", "8.17.0")
    .WithHttpEndpoint(targetPort: 9200, name: "http")
    .WithEnvironment("discovery.type", "single-node")
    .WithEnvironment("xpack.security.enabled", "false")
    .WithVolume("elasticsearch-data", "/usr/share/elasticsearch/data");

var qdrant = builder.AddContainer("qdrant", "qdrant/qdrant", "v1.12.5")
    .WithHttpEndpoint(targetPort: 6333, name: "http")
    .WithEndpoint(targetPort: 6334, name: "grpc", scheme: "http")
    .WithVolume("qdrant-data", "/qdrant/storage");

var keycloak = builder.AddContainer("keycloak", "quay.io/keycloak/keycloak", "26.0.7")
    .WithHttpEndpoint(targetPort: 8080, name: "http")
    .WithArgs("start-dev")
    .WithEnvironment("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
    .WithEnvironment("KC_BOOTSTRAP_ADMIN_PASSWORD", keycloakPassword);

var seq = builder.AddContainer("seq", "datalust/seq", "2024.3")
    .WithHttpEndpoint(targetPort: 80, name: "http")
    .WithEnvironment("ACCEPT_EULA", "Y")
    .WithVolume("seq-data", "/data");

var ollama = builder.AddContainer("ollama", "ollama/ollama", "0.5.4")
    .WithHttpEndpoint(targetPort: 11434, name: "http")
    .WithVolume("ollama-models", "/root/.ollama");

// A test hook, not something users write: the bad-input tests turn on a bind mount, which a
// cluster cannot honour, to see how each publish path reports it.
if (builder.Configuration["TestApp:BindMount"] == "true")
{
    seq.WithBindMount("./seq-config", "/etc/seq");
}

var mongoConnection = ReferenceExpression.Create($"mongodb://admin:{mongoPassword}@{mongo.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort)}");
var mysqlConnection = ReferenceExpression.Create($"Server={mysql.GetEndpoint("tcp").Property(EndpointProperty.Host)};Port={mysql.GetEndpoint("tcp").Property(EndpointProperty.Port)};User ID=root;Password={mysqlPassword};Database=app");

builder.AddProject<Projects.Containers_Api>("api")
    .WithEnvironment("ConnectionStrings__mongo", mongoConnection)
    .WithEnvironment("ConnectionStrings__mysql", mysqlConnection)
    .WithEnvironment("KAFKA_BOOTSTRAP", kafka.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort))
    .WithEnvironment("NATS_URL", ReferenceExpression.Create($"nats://{nats.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort)}"))
    .WithEnvironment("ELASTICSEARCH_URL", elasticsearch.GetEndpoint("http"))
    .WithEnvironment("QDRANT_URL", qdrant.GetEndpoint("http"))
    .WithEnvironment("KEYCLOAK_URL", keycloak.GetEndpoint("http"))
    .WithEnvironment("SEQ_URL", seq.GetEndpoint("http"))
    .WithEnvironment("OLLAMA_URL", ollama.GetEndpoint("http"))
    .WithEnvironment("API_KEY", apiKey)
    .WithEnvironment("FEATURE_FLAGS", featureFlags)
    .WaitFor(mongo)
    .WaitFor(mysql)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/healthz", endpointName: "http");

builder.AddProject<Projects.Containers_Worker>("worker")
    .WithEnvironment("ConnectionStrings__mssql", ReferenceExpression.Create($"Server={mssql.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort)};User ID=sa;Password={mssqlPassword};TrustServerCertificate=true"))
    .WithEnvironment("KAFKA_BOOTSTRAP", kafka.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort))
    .WithEnvironment("NATS_URL", ReferenceExpression.Create($"nats://{nats.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort)}"))
    .WithEnvironment("SEQ_URL", seq.GetEndpoint("http"))
    .WithEnvironment("API_KEY", apiKey)
    .WaitFor(kafka);

builder.Build().Run();
