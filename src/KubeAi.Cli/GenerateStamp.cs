using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using KubeAi.Core.Output;

namespace KubeAi.Cli;

/// <summary>
/// What <c>kubeai generate</c> remembers of its last successful run into a folder: a fingerprint of every input
/// and the stamps of the folder's files afterwards. It is kept outside the tree (in the user's temp folder, one
/// file per output folder), so the tree stays exactly what was generated; losing it only costs one full run.
/// </summary>
internal sealed class GenerateStamp
{
    private readonly string _file;
    private readonly string _fingerprint;
    private readonly string _outputFolder;

    private GenerateStamp(string file, string fingerprint, string outputFolder)
    {
        _file = file;
        _fingerprint = fingerprint;
        _outputFolder = outputFolder;
    }

    public static GenerateStamp For(ParseResult parse, FileInfo manifest, FileInfo? environments, string outputFolder)
    {
        var fingerprint = new InputFingerprint("cli-generate", typeof(GenerateStamp).Assembly)
            .Add("args", string.Join('\u001f', parse.Tokens.Select(t => t.Value)))
            .Add("cwd", Environment.CurrentDirectory)
            .Add("output", outputFolder)
            .AddFile(manifest.FullName)
            .AddFile(environments?.FullName)
            .AddConfigurationEnvironment()
            .Compute();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(outputFolder)))[..32];
        var file = Path.Combine(Path.GetTempPath(), $"kubeai-generate-{Environment.UserName}", key + ".stamp");
        return new GenerateStamp(file, fingerprint, outputFolder);
    }

    public bool IsCurrent()
    {
        try
        {
            return StageStamp.IsCurrent(_file, _fingerprint, _outputFolder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Clear() => Try(() => StageStamp.Delete(_file));

    public void Record() => Try(() => StageStamp.Write(_file, _fingerprint, _outputFolder));

    // A stamp that cannot be kept only means the next run generates in full.
    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
