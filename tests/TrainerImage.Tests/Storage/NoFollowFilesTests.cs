using KubeTune.Trainer.Storage;
using KubeTune.Trainer.Tests.Data;

namespace KubeTune.Trainer.Tests.Storage;

public sealed class NoFollowFilesTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public void WriteAllText_PathIsALinkToAFile_RefusedNamingTheLinkAndTheTargetUntouched()
    {
        var victim = directory.Write("victim.txt", "keep me");
        var link = Path.Combine(directory.Path, "config.json");
        File.CreateSymbolicLink(link, victim);

        var error = Assert.Throws<InvalidInputException>(() => NoFollowFiles.WriteAllText(link, "{}"));

        Assert.StartsWith($"{link}: is a symbolic link (to {victim})", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(victim));
    }

    [Fact]
    public void Create_DanglingLink_RefusedAndNothingCreatedAtItsTarget()
    {
        var target = Path.Combine(directory.Path, "elsewhere", "model.safetensors");
        var link = Path.Combine(directory.Path, "model.safetensors");
        File.CreateSymbolicLink(link, target);

        Assert.Throws<InvalidInputException>(() => NoFollowFiles.Create(link).Dispose());

        Assert.False(Directory.Exists(Path.GetDirectoryName(target)));
    }

    [Fact]
    public void Copy_OntoARegularFile_ReplacesItsContent()
    {
        var source = directory.Write("a.txt", "new");
        var destination = directory.Write("b.txt", "old and longer");

        NoFollowFiles.Copy(source, destination);

        Assert.Equal("new", File.ReadAllText(destination));
    }

    [Fact]
    public void CreateDirectory_PathIsALinkToAFolder_Refused()
    {
        var folder = Path.Combine(directory.Path, "real");
        Directory.CreateDirectory(folder);
        var link = Path.Combine(directory.Path, "checkpoint-1");
        Directory.CreateSymbolicLink(link, folder);

        var error = Assert.Throws<InvalidInputException>(() => NoFollowFiles.CreateDirectory(link));

        Assert.Contains("is a symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_LogIsALink_RefusedAndTheTargetUntouched()
    {
        var victim = directory.Write("victim.log", "");
        var link = Path.Combine(directory.Path, "training_log.jsonl");
        File.CreateSymbolicLink(link, victim);

        Assert.Throws<InvalidInputException>(() => NoFollowFiles.Append(link).Dispose());

        Assert.Equal(0, new FileInfo(victim).Length);
    }

    public void Dispose() => directory.Dispose();
}
