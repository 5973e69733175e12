using KubeTune.Trainer.Checkpointing;

namespace KubeTune.Trainer.Tests.Checkpointing;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "kt-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Save_MoreThanKeep_KeepsNewestOnly()
    {
        var store = new CheckpointStore(root, keep: 2);

        foreach (var step in new[] { 10, 20, 30 })
        {
            store.Save(step, directory => File.WriteAllText(Path.Combine(directory, "weights"), step.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal([20, 30], store.Complete().Select(c => c.Step));
        Assert.False(Directory.Exists(Path.Combine(root, "checkpoint-10")));
        Assert.Equal("30", File.ReadAllText(Path.Combine(store.FindLatest()!.Directory, "weights")));
    }

    [Fact]
    public void Save_WithUriMapping_CarriesTheUserUriAndFindLatestAgrees()
    {
        var store = new CheckpointStore(root, keep: 1, uriOf: directory => "pvc://models/out-checkpoints/" + Path.GetFileName(directory));

        var saved = store.Save(7, directory => File.WriteAllText(Path.Combine(directory, "weights"), "7"));

        Assert.Equal("pvc://models/out-checkpoints/checkpoint-7", saved.Uri);
        Assert.Equal(saved, store.FindLatest());
    }

    [Fact]
    public void Save_WithoutUriMapping_CarriesTheFileUriOfTheDirectory()
    {
        var saved = new CheckpointStore(root, keep: 1).Save(3, directory => File.WriteAllText(Path.Combine(directory, "weights"), "3"));

        Assert.Equal("file://" + Path.Combine(root, "checkpoint-3"), saved.Uri);
    }

    [Fact]
    public void FindLatest_HalfWrittenCheckpoints_AreIgnored()
    {
        var store = new CheckpointStore(root, keep: 3);
        store.Save(5, directory => File.WriteAllText(Path.Combine(directory, "weights"), "5"));
        // A crash mid-write leaves a temporary directory; a directory without the marker is not complete either.
        Directory.CreateDirectory(Path.Combine(root, ".partial-checkpoint-9-abc"));
        Directory.CreateDirectory(Path.Combine(root, "checkpoint-8"));
        File.WriteAllText(Path.Combine(root, "checkpoint-8", "weights"), "8");

        var latest = store.FindLatest();

        Assert.Equal(5, latest!.Step);
        Assert.False(Directory.Exists(Path.Combine(root, ".partial-checkpoint-9-abc")));
    }

    [Fact]
    public void Save_WriterThrows_LeavesNoCheckpoint()
    {
        var store = new CheckpointStore(root, keep: 2);

        Assert.Throws<IOException>(() => store.Save(3, _ => throw new IOException("disk full")));

        Assert.Null(store.FindLatest());
        Assert.Empty(Directory.GetDirectories(root));
    }
}
