using System.Runtime.InteropServices;

namespace KubeAi.Validation;

/// <summary>
/// What kind of file a path is (after following links), so a FIFO, socket or device is never opened: opening a FIFO
/// for reading blocks until someone writes to it. .NET reports every non-folder as a file; on Linux this asks the
/// kernel with <c>statx(2)</c>, whose struct layout is the same on every architecture. Elsewhere it returns null
/// (Windows folders hold no FIFOs).
/// </summary>
internal static partial class FileTypes
{
    public const string Regular = "regular file";

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28; // u32 mask, u32 blksize, u64 attributes, u32 nlink, u32 uid, u32 gid, u16 mode
    private static bool unavailable = !OperatingSystem.IsLinux();

    public static string? Of(string path)
    {
        if (unavailable)
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return null; // the caller's open reports the error
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return null;
        }

        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset) & 0xF000;
        return mode switch
        {
            0x8000 => Regular,
            0x1000 => "FIFO (named pipe)",
            0xC000 => "socket",
            0x2000 => "character device",
            0x6000 => "block device",
            0x4000 => "folder",
            _ => "special file",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
