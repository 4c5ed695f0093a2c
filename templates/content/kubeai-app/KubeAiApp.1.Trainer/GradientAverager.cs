using System.Net;
using System.Net.Sockets;

namespace KubeAiApp._1.Trainer;

/// <summary>
/// Sums a vector over all ranks, every rank getting the same result: rank 0 listens on the master
/// port, the other ranks connect to it, send their vector and read back the sum. One process per
/// rank, as KubeAi's Indexed Job runs them; with a world of 1 it sums nothing.
/// </summary>
public sealed class GradientAverager : IDisposable
{
    private readonly List<NetworkStream> _peers;
    private readonly bool _isMaster;

    private GradientAverager(List<NetworkStream> peers, bool isMaster)
    {
        _peers = peers;
        _isMaster = isMaster;
    }

    public static async Task<GradientAverager> ConnectAsync(int rank, int worldSize, string masterAddress, int masterPort, CancellationToken cancellationToken)
    {
        if (worldSize < 1 || rank < 0 || rank >= worldSize)
        {
            throw new ArgumentException($"rank {rank} is not in a world of {worldSize}");
        }

        if (worldSize == 1)
        {
            return new GradientAverager([], isMaster: true);
        }

        if (rank == 0)
        {
            var listener = new TcpListener(IPAddress.Any, masterPort);
            listener.Start();
            try
            {
                var peers = new List<NetworkStream>();
                while (peers.Count < worldSize - 1)
                {
                    var client = await listener.AcceptTcpClientAsync(cancellationToken);
                    client.NoDelay = true;
                    peers.Add(client.GetStream());
                }

                Console.WriteLine($"trainer: {peers.Count} worker(s) connected");
                return new GradientAverager(peers, isMaster: true);
            }
            finally
            {
                listener.Stop();
            }
        }

        // The master's pod may not resolve or listen yet: retry for as long as a pod takes to start.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                await client.ConnectAsync(masterAddress, masterPort, cancellationToken);
                return new GradientAverager([client.GetStream()], isMaster: false);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                client.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>The element-wise sum of <paramref name="local"/> over every rank.</summary>
    public async Task<double[]> SumAsync(double[] local, CancellationToken cancellationToken)
    {
        if (_isMaster)
        {
            var sum = (double[])local.Clone();
            foreach (var peer in _peers)
            {
                var received = await ReadAsync(peer, local.Length, cancellationToken);
                for (var i = 0; i < sum.Length; i++)
                {
                    sum[i] += received[i];
                }
            }

            foreach (var peer in _peers)
            {
                await WriteAsync(peer, sum, cancellationToken);
            }

            return sum;
        }

        await WriteAsync(_peers[0], local, cancellationToken);
        return await ReadAsync(_peers[0], local.Length, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var peer in _peers)
        {
            peer.Dispose();
        }
    }

    private static async Task WriteAsync(NetworkStream stream, double[] values, CancellationToken cancellationToken)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        await stream.WriteAsync(bytes, cancellationToken);
    }

    private static async Task<double[]> ReadAsync(NetworkStream stream, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length * sizeof(double)];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        var values = new double[length];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
