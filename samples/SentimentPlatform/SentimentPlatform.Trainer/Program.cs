using System.Globalization;
using SentimentPlatform.Model;

// The distributed trainer: one process per rank, with the torchrun-style environment contract that
// KubeAi sets in the Indexed Job's pods (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT,
// KUBEAI_CHECKPOINT_DIR) and that KubeAi.Hosting sets for local processes. Exit codes: 0 trained,
// 1 bad settings, 2 a rank was lost (the message names it), 3 the database failed.
static void Log(string line) => Console.WriteLine(line);

string Setting(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

int rank, world, port;
TrainingOptions options;
TimeSpan ioTimeout, rendezvousTimeout;
try
{
    rank = int.Parse(Setting("RANK", "0"), CultureInfo.InvariantCulture);
    world = int.Parse(Setting("WORLD_SIZE", "1"), CultureInfo.InvariantCulture);
    port = int.Parse(Setting("MASTER_PORT", "29500"), CultureInfo.InvariantCulture);
    var defaults = new TrainingOptions();
    options = new TrainingOptions(
        Epochs: int.Parse(Setting("TRAIN_EPOCHS", defaults.Epochs.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        GlobalBatchSize: int.Parse(Setting("TRAIN_BATCH_SIZE", defaults.GlobalBatchSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        LearningRate: double.Parse(Setting("TRAIN_LEARNING_RATE", defaults.LearningRate.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        L2: double.Parse(Setting("TRAIN_L2", defaults.L2.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        FeatureBits: int.Parse(Setting("TRAIN_FEATURE_BITS", defaults.FeatureBits.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        StepDelay: TimeSpan.FromMilliseconds(int.Parse(Setting("TRAIN_STEP_DELAY_MS", "0"), CultureInfo.InvariantCulture)));
    ioTimeout = TimeSpan.FromSeconds(int.Parse(Setting("TRAIN_SOCKET_TIMEOUT_SECONDS", "30"), CultureInfo.InvariantCulture));
    rendezvousTimeout = TimeSpan.FromSeconds(int.Parse(Setting("TRAIN_RENDEZVOUS_TIMEOUT_SECONDS", "120"), CultureInfo.InvariantCulture));
    if (world < 1 || rank < 0 || rank >= world)
    {
        throw new FormatException($"RANK {rank} is not within WORLD_SIZE {world}");
    }
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"trainer: bad setting: {ex.Message}");
    return 1;
}

var master = Setting("MASTER_ADDR", "localhost");
var checkpoints = Environment.GetEnvironmentVariable("KUBEAI_CHECKPOINT_DIR");
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__models");
Log($"trainer: rank={rank} world_size={world} master={master}:{port} checkpoint_dir={checkpoints ?? "(none)"} database={(connectionString is null ? "(none)" : ModelDatabase.FromConnectionString(connectionString).IsPostgres ? "postgresql" : "sqlite")}");

var database = connectionString is null ? null : ModelDatabase.FromConnectionString(connectionString);
try
{
    // Rank 0 creates the tables before it accepts anyone, so no two ranks race on CREATE TABLE.
    if (rank == 0 && database is not null)
    {
        await database.EnsureSchemaAsync();
    }

    using var exchange = GradientExchange.Join(rank, world, master, port, options.ExchangeLength, ioTimeout, rendezvousTimeout, Log);
    var result = await new DistributedTrainer(options, exchange, database, checkpoints, Log).RunAsync();
    return 0;
}
catch (GradientExchangeException ex)
{
    Console.Error.WriteLine($"trainer: rank {rank} failed: {ex.Message}");
    return 2;
}
catch (System.Data.Common.DbException ex)
{
    Console.Error.WriteLine($"trainer: rank {rank} failed: database: {ex.Message}");
    return 3;
}
