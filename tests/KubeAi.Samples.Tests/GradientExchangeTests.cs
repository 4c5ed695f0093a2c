using KubeAi.TestSupport;
using SentimentPlatform.Model;

namespace KubeAi.Samples.Tests;

/// <summary>The TCP collective between real sockets on loopback: sums, broadcast, refusal, and losing a rank.</summary>
public sealed class GradientExchangeTests
{
    private static readonly TimeSpan Io = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Rendezvous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Three_ranks_get_the_same_sum_and_rank_0s_broadcast()
    {
        var port = Podman.FreePort();
        var ranks = Enumerable.Range(0, 3).Select(rank => Task.Run(() =>
        {
            using var exchange = GradientExchange.Join(rank, 3, "localhost", port, 4, Io, Rendezvous, _ => { });
            var values = new[] { rank, rank * 10.0, 0.5, -rank };
            exchange.AllReduceSum(values);
            var broadcast = new[] { rank == 0 ? 42.0 : 0 };
            exchange.Broadcast(broadcast);
            return (values, broadcast[0], exchange.BytesSent, exchange.BytesReceived);
        })).ToArray();
        var results = await Task.WhenAll(ranks);

        foreach (var (values, broadcast, _, _) in results)
        {
            Assert.Equal(new[] { 3.0, 30.0, 1.5, -3.0 }, values);
            Assert.Equal(42.0, broadcast);
        }

        // A worker sends its 16-byte hello and 32 bytes of values; the hub echoes the hello, sends 32 + 8 to each.
        Assert.Equal(16 + 32, results[1].BytesSent);
        Assert.Equal(16 + 32 + 8, results[1].BytesReceived);
        Assert.Equal(2 * (16 + 32 + 8), results[0].BytesSent);
    }

    [Fact]
    public async Task A_rank_that_disagrees_on_the_length_is_refused()
    {
        var port = Podman.FreePort();
        var hub = Task.Run(() => GradientExchange.Join(0, 2, "localhost", port, 4, Io, Rendezvous, _ => { }));
        var worker = Task.Run(() => GradientExchange.Join(1, 2, "localhost", port, 5, Io, Rendezvous, _ => { }));
        var error = await Assert.ThrowsAsync<GradientExchangeException>(() => hub);
        Assert.Contains("refused a connection claiming rank 1 of 2 with 5 values", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GradientExchangeException>(() => worker);
    }

    [Fact]
    public async Task A_missing_rank_fails_the_rendezvous_with_its_number()
    {
        var port = Podman.FreePort();
        var error = await Assert.ThrowsAsync<GradientExchangeException>(() => Task.Run(() => GradientExchange.Join(0, 3, "localhost", port, 4, Io, TimeSpan.FromSeconds(1), _ => { })));
        Assert.Contains("rank(s) 1, 2 did not connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_worker_dies_the_hub_fails_naming_it_instead_of_waiting()
    {
        var port = Podman.FreePort();
        var hub = Task.Run(() =>
        {
            using var exchange = GradientExchange.Join(0, 2, "localhost", port, 4, Io, Rendezvous, _ => { });
            exchange.AllReduceSum(new double[4]); // the worker takes part once, then is gone
            exchange.AllReduceSum(new double[4]);
        });
        await Task.Run(() =>
        {
            using var exchange = GradientExchange.Join(1, 2, "localhost", port, 4, Io, Rendezvous, _ => { });
            exchange.AllReduceSum(new double[4]);
        }); // disposing closes the socket, as the kernel does for a killed process

        var error = await Assert.ThrowsAsync<GradientExchangeException>(() => hub);
        // EOF or a reset, depending on whether the hub was reading or writing when the socket closed.
        Assert.Matches("rank 1 closed the connection|lost the connection to rank 1", error.Message);
    }

    [Fact]
    public async Task A_silent_peer_hits_the_socket_timeout()
    {
        var port = Podman.FreePort();
        using var joined = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var worker = Task.Run(() =>
        {
            using var exchange = GradientExchange.Join(1, 2, "localhost", port, 4, Io, Rendezvous, _ => { });
            joined.Set();
            release.Wait(TimeSpan.FromSeconds(60)); // alive but silent, like a stopped process
        });
        var error = await Assert.ThrowsAsync<GradientExchangeException>(() => Task.Run(() =>
        {
            using var exchange = GradientExchange.Join(0, 2, "localhost", port, 4, TimeSpan.FromSeconds(1), Rendezvous, _ => { });
            exchange.AllReduceSum(new double[4]);
        }));
        release.Set();
        await worker;
        Assert.Contains("rank 1 sent nothing for 1 s (socket timeout)", error.Message, StringComparison.Ordinal);
    }
}
