using Xunit;

namespace KubeAi.TestSupport;

/// <summary>A test that needs Debian's PostgreSQL server binaries: skipped, saying so, where they are missing.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.FindBinaries() is null)
        {
            Skip = "PostgreSQL server binaries are not installed (build/postgres.sh, run by build/setup.sh, installs them)";
        }
    }
}
