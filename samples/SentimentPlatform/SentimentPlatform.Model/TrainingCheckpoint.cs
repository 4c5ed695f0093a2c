using System.Buffers.Binary;

namespace SentimentPlatform.Model;

/// <summary>
/// What a resumed run needs: the last finished epoch, the run it belongs to, whether the run finished,
/// and the model after that epoch. Written by rank 0 after every epoch to a temporary file and renamed,
/// so a crash leaves the previous checkpoint or the new one, never half of one.
/// </summary>
public sealed record TrainingCheckpoint(int Epoch, long RunId, bool Finished, LogisticRegression Model)
{
    /// <summary>The file name inside KUBEAI_CHECKPOINT_DIR.</summary>
    public const string FileName = "sentiment-checkpoint.bin";

    private const int Magic = 0x31504B43; // "CKP1"

    /// <summary>Reads the checkpoint in <paramref name="directory"/>, or null when there is none.</summary>
    public static TrainingCheckpoint? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 20 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException($"{path} is not a sentiment trainer checkpoint");
        }

        return new TrainingCheckpoint(
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)),
            BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)),
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)) != 0,
            LogisticRegression.Deserialize(bytes.AsSpan(20)));
    }

    /// <summary>Writes this checkpoint into <paramref name="directory"/> atomically (temporary file, then rename).</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var model = Model.Serialize();
        var bytes = new byte[20 + model.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Epoch);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), RunId);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), Finished ? 1 : 0);
        model.CopyTo(bytes.AsSpan(20));
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
