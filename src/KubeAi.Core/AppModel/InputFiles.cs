using System.Runtime.InteropServices;
using System.Text;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.AppModel;

/// <summary>
/// Reads the files KubeAi takes as input (the Aspire manifest, an environments file) with bounded work: only a
/// regular file (a FIFO or a device would block or never end), at most <see cref="MaxInputBytes"/> (docs/limits.md).
/// </summary>
public static class InputFiles
{
    /// <summary>The largest input file KubeAi reads: 64 MiB, some 500 times the manifest of a 200-project app host.</summary>
    public const long MaxInputBytes = 64L * 1024 * 1024;

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// The text of <paramref name="path"/> (UTF-8, a BOM skipped). KUBEAI1060 when it is larger than
    /// <paramref name="maxBytes"/>, KUBEAI1061 when it is not a regular file; <paramref name="what"/> names it in messages.
    /// </summary>
    public static string ReadText(string path, string what, long maxBytes = MaxInputBytes)
    {
        RequireRegularFile(path, what);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw TooLarge(path, what, stream.Length, maxBytes);
            }

            // Read at most one byte past the limit: a file that grows while it is read is still bounded.
            var buffer = new MemoryStream(stream.CanSeek ? (int)Math.Min(stream.Length, maxBytes) : 81920);
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    throw TooLarge(path, what, buffer.Length, maxBytes);
                }
            }

            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (bytes.StartsWith("\uFEFF"u8))
            {
                bytes = bytes[3..];
            }

            return s_utf8.GetString(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeAiException(ErrorCodes.InputNotReadable, $"cannot read the {what}: {Messages.OneLine(ex.Message, 200)}", path);
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a regular file (or a link to one) no larger than <paramref name="maxBytes"/>:
    /// what may be opened and read to the end without blocking (a FIFO) or reading without bound.
    /// </summary>
    public static bool IsReadableRegularFile(string path, long maxBytes = MaxInputBytes) =>
        File.Exists(path) && (FileType(path) is null or "regular file") && new FileInfo(path).Length <= maxBytes;

    /// <summary>KUBEAI1061 unless <paramref name="path"/> is a regular file (or a link to one).</summary>
    public static void RequireRegularFile(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new KubeAiException(ErrorCodes.InputNotRegularFile, $"the {what} '{Messages.OneLine(path, 120)}' is a directory, not a file", path);
        }

        if (FileType(path) is { } type and not "regular file")
        {
            throw new KubeAiException(ErrorCodes.InputNotRegularFile, $"the {what} '{Messages.OneLine(path, 120)}' is a {type}, not a regular file: KubeAi reads only regular files (a FIFO or a device could block it forever)", path);
        }
    }

    private static KubeAiException TooLarge(string path, string what, long size, long maxBytes) =>
        new(ErrorCodes.InputTooLarge, $"the {what} is larger than {Megabytes(maxBytes)} (at least {size:N0} bytes), the limit KubeAi reads (docs/limits.md)", path);

    private static string Megabytes(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes:N0} bytes";

    // The type of a file on Unix (stat through the runtime's own native shim: no new dependency); null when
    // unknown (Windows has no FIFOs among ordinary paths, or the shim is missing), then the read goes ahead.
    private static string? FileType(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var status = new NativeFileStatus();
            if (NativeStat(path, ref status) != 0)
            {
                return null;
            }

            return (status.Mode & 0xF000) switch
            {
                0x8000 => "regular file",
                0x4000 => "directory",
                0x1000 => "FIFO (named pipe)",
                0x2000 => "character device",
                0x6000 => "block device",
                0xC000 => "socket",
                _ => "special file",
            };
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            return null;
        }
    }

    // System.Native's FileStatus starts with Flags (int) and Mode (int, S_IFMT bits normalised across Unixes);
    // the rest is room for the fields this code does not read.
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct NativeFileStatus
    {
        public int Flags;
        public int Mode;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref NativeFileStatus output);
}
