using KubeAi.TestSupport;

namespace KubeAi.Integration.Tests;

/// <summary>
/// Publishes every test app through both paths once per test run, three apps at a time (each
/// publish is mostly one build; more at once only queue on two cores). Tests ask for an app and
/// wait only for that one.
/// </summary>
public sealed class TestAppMatrix
{
    private readonly Dictionary<string, Task<PublishedApp>> _apps;

    public TestAppMatrix()
    {
        LocalRegistry.EnsureRunning();
        _ = LocalFeed.PackageVersion;
        _ = KubeAiTool.Path;
        var gate = new SemaphoreSlim(3);
        _apps = TestApps.Selected.ToDictionary(a => a.Family, a => Task.Run(async () =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                return PublishedApp.Publish(a);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public PublishedApp this[string family] => _apps.TryGetValue(family, out var app)
        ? app.GetAwaiter().GetResult()
        : throw new InvalidOperationException($"{family} is not among the apps of this run (KUBEAI_TEST_APPS)");
}

[CollectionDefinition(Name)]
public sealed class TestAppCollection : ICollectionFixture<TestAppMatrix>
{
    public const string Name = "test apps";
}
