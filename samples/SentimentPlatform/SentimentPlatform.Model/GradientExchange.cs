using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SentimentPlatform.Model;

/// <summary>A rank could not reach, or lost, the others: the message says which rank and why.</summary>
public sealed class GradientExchangeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Data-parallel training's one collective, over plain TCP: rank 0 is the hub. It listens on
/// MASTER_PORT; every other rank connects to MASTER_ADDR:MASTER_PORT (retrying until the rendezvous
/// deadline, because pods start in any order) and introduces itself. Each step every rank sends its
/// gradient sum; the hub adds them in rank order (so the result is bit-identical wherever it runs) and
/// sends the total back. Every socket read and write has a timeout, and a closed connection is reported
/// at once, so a rank that dies makes the others fail within a bounded time instead of hanging.
/// </summary>
public sealed class GradientExchange : IDisposable
{
    private const int Magic = 0x4B414953; // "SIAK"
    private readonly Socket?[] _peers; // hub: one per worker rank; worker: [0] = the hub
    private readonly int _length;

    private GradientExchange(int rank, int worldSize, int length, Socket?[] peers)
    {
        Rank = rank;
        WorldSize = worldSize;
        _length = length;
        _peers = peers;
    }

    /// <summary>This process's rank (0 = the hub).</summary>
    public int Rank { get; }

    /// <summary>How many ranks take part.</summary>
    public int WorldSize { get; }

    /// <summary>Bytes this rank has written to its sockets so far.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Bytes this rank has read from its sockets so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>
    /// Joins the rendezvous: rank 0 waits for ranks 1..n−1 to connect, the others connect to the hub.
    /// A world of 1 opens no socket. <paramref name="length"/> is the number of doubles every step
    /// exchanges; a rank that disagrees (another build, other settings) is refused.
    /// </summary>
    public static GradientExchange Join(int rank, int worldSize, string masterAddress, int masterPort, int length, TimeSpan ioTimeout, TimeSpan rendezvousTimeout, Action<string> log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, worldSize);
        ArgumentNullException.ThrowIfNull(log);
        if (worldSize == 1)
        {
            return new GradientExchange(0, 1, length, []);
        }

        return rank == 0
            ? AcceptWorkers(worldSize, masterPort, length, ioTimeout, rendezvousTimeout, log)
            : ConnectToHub(rank, worldSize, masterAddress, masterPort, length, ioTimeout, rendezvousTimeout, log);
    }

    private static GradientExchange AcceptWorkers(int worldSize, int port, int length, TimeSpan ioTimeout, TimeSpan rendezvousTimeout, Action<string> log)
    {
        var peers = new Socket?[worldSize];
        using var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        listener.Listen(worldSize);
        log($"rendezvous: rank 0 listening on port {port} for {worldSize - 1} worker(s)");
        var deadline = DateTime.UtcNow + rendezvousTimeout;
        var joined = 0;
        var exchange = new GradientExchange(0, worldSize, length, peers);
        try
        {
            while (joined < worldSize - 1)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !listener.Poll(left, SelectMode.SelectRead))
                {
                    var missing = Enumerable.Range(1, worldSize - 1).Where(r => peers[r] is null);
                    throw new GradientExchangeException($"rendezvous: rank(s) {string.Join(", ", missing)} did not connect to port {port} within {rendezvousTimeout.TotalSeconds:0} s");
                }

                var socket = listener.Accept();
                Configure(socket, ioTimeout);
                var hello = new byte[16];
                exchange.ReceiveExactly(socket, hello, "a connecting rank");
                var magic = BinaryPrimitives.ReadInt32LittleEndian(hello);
                var rank = BinaryPrimitives.ReadInt32LittleEndian(hello.AsSpan(4));
                var theirWorld = BinaryPrimitives.ReadInt32LittleEndian(hello.AsSpan(8));
                var theirLength = BinaryPrimitives.ReadInt32LittleEndian(hello.AsSpan(12));
                if (magic != Magic || rank < 1 || rank >= worldSize || theirWorld != worldSize || theirLength != length || peers[rank] is not null)
                {
                    socket.Dispose();
                    throw new GradientExchangeException($"rendezvous: refused a connection claiming rank {rank} of {theirWorld} with {theirLength} values (expected a new rank 1..{worldSize - 1} of {worldSize} with {length})");
                }

                peers[rank] = socket;
                joined++;
                exchange.SendAll(socket, hello, rank); // the echo is the acknowledgement
                log($"rendezvous: rank {rank} joined ({joined}/{worldSize - 1})");
            }

            return exchange;
        }
        catch
        {
            exchange.Dispose();
            throw;
        }
    }

    private static GradientExchange ConnectToHub(int rank, int worldSize, string host, int port, int length, TimeSpan ioTimeout, TimeSpan rendezvousTimeout, Action<string> log)
    {
        var deadline = DateTime.UtcNow + rendezvousTimeout;
        Exception? last = null;
        var attempts = 0;
        while (DateTime.UtcNow < deadline)
        {
            attempts++;
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            try
            {
                using (var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    socket.ConnectAsync(host, port, attempt.Token).AsTask().GetAwaiter().GetResult();
                }

                Configure(socket, ioTimeout);
                var peers = new Socket?[] { socket };
                var exchange = new GradientExchange(rank, worldSize, length, peers);
                var hello = new byte[16];
                BinaryPrimitives.WriteInt32LittleEndian(hello, Magic);
                BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(4), rank);
                BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(8), worldSize);
                BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(12), length);
                exchange.SendAll(socket, hello, 0);
                var echo = new byte[16];
                exchange.ReceiveExactly(socket, echo, "rank 0");
                if (!echo.AsSpan().SequenceEqual(hello))
                {
                    throw new GradientExchangeException("rendezvous: rank 0 answered with something other than our introduction");
                }

                log($"rendezvous: rank {rank} connected to {host}:{port} after {attempts} attempt(s)");
                return exchange;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or GradientExchangeException { InnerException: not null })
            {
                socket.Dispose();
                last = ex;
                Thread.Sleep(TimeSpan.FromMilliseconds(500));
            }
        }

        throw new GradientExchangeException($"rendezvous: rank {rank} could not reach rank 0 at {host}:{port} within {rendezvousTimeout.TotalSeconds:0} s ({attempts} attempt(s); last: {last?.Message})", last);
    }

    private static void Configure(Socket socket, TimeSpan ioTimeout)
    {
        socket.NoDelay = true;
        socket.ReceiveTimeout = (int)ioTimeout.TotalMilliseconds;
        socket.SendTimeout = (int)ioTimeout.TotalMilliseconds;
    }

    /// <summary>
    /// Replaces <paramref name="values"/> on every rank with their sum over all ranks (added in rank
    /// order by the hub, so every rank ends with the same bits).
    /// </summary>
    public void AllReduceSum(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _length)
        {
            throw new ArgumentException($"expected {_length} values, got {values.Length}", nameof(values));
        }

        if (WorldSize == 1)
        {
            return;
        }

        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (Rank == 0)
        {
            var incoming = new double[_length];
            var incomingBytes = MemoryMarshal.AsBytes(incoming.AsSpan());
            for (var r = 1; r < WorldSize; r++)
            {
                ReceiveExactly(_peers[r]!, incomingBytes, $"rank {r}");
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] += incoming[i];
                }
            }

            for (var r = 1; r < WorldSize; r++)
            {
                SendAll(_peers[r]!, bytes, r);
            }
        }
        else
        {
            SendAll(_peers[0]!, bytes, 0);
            ReceiveExactly(_peers[0]!, bytes, "rank 0");
        }
    }

    /// <summary>Replaces <paramref name="values"/> on every rank with rank 0's (the resumed state, for example).</summary>
    public void Broadcast(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (WorldSize == 1)
        {
            return;
        }

        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (Rank == 0)
        {
            for (var r = 1; r < WorldSize; r++)
            {
                SendAll(_peers[r]!, bytes, r);
            }
        }
        else
        {
            ReceiveExactly(_peers[0]!, bytes, "rank 0");
        }
    }

    private void SendAll(Socket socket, ReadOnlySpan<byte> bytes, int peerRank)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = socket.Send(bytes);
                bytes = bytes[sent..];
                BytesSent += sent;
            }
        }
        catch (SocketException ex)
        {
            throw new GradientExchangeException(Describe($"rank {peerRank}", ex), ex);
        }
    }

    private void ReceiveExactly(Socket socket, Span<byte> buffer, string peer)
    {
        try
        {
            while (!buffer.IsEmpty)
            {
                var read = socket.Receive(buffer);
                if (read == 0)
                {
                    throw new GradientExchangeException($"{peer} closed the connection (it stopped or died); rank {Rank} cannot continue");
                }

                buffer = buffer[read..];
                BytesReceived += read;
            }
        }
        catch (SocketException ex)
        {
            throw new GradientExchangeException(Describe(peer, ex), ex);
        }
    }

    private string Describe(string peer, SocketException ex) => ex.SocketErrorCode == SocketError.TimedOut
        ? $"{peer} sent nothing for {_peers.First(p => p is not null)!.ReceiveTimeout / 1000.0:0.#} s (socket timeout); rank {Rank} gives up"
        : $"lost the connection to {peer} ({ex.SocketErrorCode}: {ex.Message}); rank {Rank} cannot continue";

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var peer in _peers)
        {
            peer?.Dispose();
        }
    }
}
