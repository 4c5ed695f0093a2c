using System.Globalization;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Output;

/// <summary>
/// The exclusive lock on an output folder: the file <see cref="OutputWriter.LockFile"/> inside it, opened
/// with <see cref="FileShare.None"/>, an OS lock (<c>flock(LOCK_EX)</c> on Linux and macOS, a share lock on
/// Windows) that the OS drops when the holding process ends in any way, <c>kill -9</c> included: a lock is
/// never stale. The holder deletes the file when it is done, so a finished run leaves no trace of it; after a
/// killed run the file stays until the next run takes and deletes it. A run that opened the file just as the
/// holder deleted it would lock a file no one else can see, so after taking the lock a run checks that the
/// name still leads to its file (it stamps its handle with a random write time and reads the time back
/// through the name), and tries again when not.
/// </summary>
internal sealed class OutputLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _path;

    private OutputLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    public void Dispose()
    {
        try
        {
            // Windows deletes the file itself (DeleteOnClose); elsewhere delete it while still holding it.
            if (!OperatingSystem.IsWindows() && NameLeadsTo(_stream, _path))
            {
                File.Delete(_path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind, it is an empty file the next run takes and deletes.
        }
        finally
        {
            _stream.Dispose();
        }
    }

    /// <summary>Takes the lock on <paramref name="root"/> (which exists), waiting at most <paramref name="timeout"/>; else KUBEAI5030.</summary>
    public static OutputLock Acquire(string root, TimeSpan timeout)
    {
        var path = Path.Combine(root, OutputWriter.LockFile);
        var deadline = DateTime.UtcNow + timeout;
        var pause = 5;
        while (true)
        {
            FileStream? stream = null;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1,
                    OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
                if (NameLeadsTo(stream, path))
                {
                    return new OutputLock(stream, path);
                }

                // The holder deleted the file between our open and our lock: the lock we hold guards nothing.
                stream.Dispose();
                continue;
            }
            catch (Exception ex) when (IsHeldByAnother(ex, path))
            {
                stream?.Dispose();
                if (DateTime.UtcNow >= deadline)
                {
                    throw new KubeAiException(
                        ErrorCodes.OutputFolderLocked,
                        $"the output folder '{Messages.OneLine(root, 200)}' is in use by another KubeAi run (it holds {OutputWriter.LockFile}); waited {Seconds(timeout)} s. " +
                        $"Let that run finish, or set {OutputWriter.LockTimeoutVariable} (seconds) to wait longer",
                        root);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stream?.Dispose();
                throw new KubeAiException(ErrorCodes.OutputNotWritable, $"cannot create the lock file {OutputWriter.LockFile}: {Messages.OneLine(ex.Message, 200)}", root, ex);
            }

            Thread.Sleep(pause);
            pause = Math.Min(pause * 2, 200);
        }
    }

    // Whether the name still leads to the file this handle holds. Without an inode API: give the handle a random
    // write time, read back what the file system stored (its own precision) through the handle and through the name.
    private static bool NameLeadsTo(FileStream stream, string path)
    {
        DateTime stored;
        try
        {
            var stamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(Random.Shared.NextInt64(TimeSpan.TicksPerDay * 365 * 90));
            File.SetLastWriteTimeUtc(stream.SafeFileHandle, stamp);
            stored = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // A file system that keeps no settable write time: the lock alone has to do.
            return File.Exists(path);
        }

        return File.Exists(path) && File.GetLastWriteTimeUtc(path) == stored;
    }

    /// <summary>The wait of <see cref="OutputWriter.LockTimeoutVariable"/> when set (seconds, 0 to 3600), else the default.</summary>
    public static TimeSpan TimeoutFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(OutputWriter.LockTimeoutVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return OutputWriter.DefaultLockTimeout;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds > 3600)
        {
            throw new KubeAiException(
                ErrorCodes.InvalidOutputLockTimeout,
                $"{OutputWriter.LockTimeoutVariable} is '{Messages.OneLine(text, 40)}'; it must be a number of seconds from 0 to 3600",
                $"environment variable {OutputWriter.LockTimeoutVariable}");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    // A lock another process (or another open handle in this one) holds: EWOULDBLOCK from flock on Unix
    // (EAGAIN 11 on Linux, 35 on macOS); on Windows a sharing or lock violation, or access denied while the
    // holder's file waits to be deleted. Every other I/O error is real.
    private static bool IsHeldByAnother(Exception ex, string path) => ex switch
    {
        UnauthorizedAccessException => OperatingSystem.IsWindows() && File.Exists(path),
        IOException when ex.GetType() == typeof(IOException) => ex.HResult switch
        {
            11 or 35 => !OperatingSystem.IsWindows(),
            unchecked((int)0x80070020) or unchecked((int)0x80070021) => true,
            _ => false,
        },
        _ => false,
    };
}
