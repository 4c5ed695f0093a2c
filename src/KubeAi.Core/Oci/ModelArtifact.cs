using System.Formats.Tar;
using System.Security.Cryptography;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Oci;

/// <summary>
/// A local model folder packed as one uncompressed tar layer, byte-identical for the same files
/// (entries sorted by path, owner 0, fixed modes and time), so the same weights always get the
/// same digest and a second publish uploads nothing. Weights do not compress; a plain tar keeps
/// packing as fast as the disk.
/// </summary>
public sealed class ModelArtifact : IDisposable
{
    private static readonly DateTimeOffset s_epoch = DateTimeOffset.FromUnixTimeSeconds(0);

    private ModelArtifact(string layerPath, string layerDigest, long layerSize, int files)
    {
        LayerPath = layerPath;
        LayerDigest = layerDigest;
        LayerSize = layerSize;
        Files = files;
    }

    /// <summary>The temporary tar file.</summary>
    public string LayerPath { get; }

    /// <summary><c>sha256:…</c> of the tar.</summary>
    public string LayerDigest { get; }

    public long LayerSize { get; }

    /// <summary>How many files the folder held.</summary>
    public int Files { get; }

    /// <summary>Packs <paramref name="folder"/>; KUBEAI3024 when it does not exist or is empty.</summary>
    public static ModelArtifact Pack(string folder, string origin)
    {
        if (!Directory.Exists(folder))
        {
            throw new KubeAiException(ErrorCodes.InvalidModelImage, $"model folder '{MessageText.Printable(folder)}' does not exist", origin);
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new KubeAiException(ErrorCodes.InvalidModelImage, $"model folder '{MessageText.Printable(folder)}' holds no files", origin);
        }

        var layer = Path.Combine(Path.GetTempPath(), $"kubeai-model-{Guid.NewGuid():N}.tar");
        using (var stream = File.Create(layer))
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var directories = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                for (var slash = file.IndexOf('/'); slash > 0; slash = file.IndexOf('/', slash + 1))
                {
                    directories.Add(file[..slash]);
                }
            }

            foreach (var entry in directories.Select(d => (Path: d, Directory: true)).Concat(files.Select(f => (Path: f, Directory: false))).OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                // Ustar has no access or change times: only the fixed modification time goes in.
                if (entry.Path.Length > 250)
                {
                    throw new KubeAiException(ErrorCodes.InvalidModelImage, $"model file path '{entry.Path}' is longer than 250 characters, which a ustar layer cannot hold", origin);
                }

                var tar = new UstarTarEntry(entry.Directory ? TarEntryType.Directory : TarEntryType.RegularFile, entry.Directory ? entry.Path + "/" : entry.Path)
                {
                    ModificationTime = s_epoch,
                    Mode = entry.Directory
                        ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    Uid = 0,
                    Gid = 0,
                };
                if (!entry.Directory)
                {
                    using var content = File.OpenRead(Path.Combine(folder, entry.Path));
                    tar.DataStream = content;
                    writer.WriteEntry(tar);
                }
                else
                {
                    writer.WriteEntry(tar);
                }
            }
        }

        string digest;
        long size;
        using (var read = File.OpenRead(layer))
        {
            size = read.Length;
            digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(read));
        }

        return new ModelArtifact(layer, digest, size, files.Count);
    }

    public void Dispose() => File.Delete(LayerPath);
}
