namespace KubeTune.DevCluster.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InotifyCollection
{
    public const string Name = "inotify watches of this process";
}

/// <summary>Runs alone: it counts the inotify watches of the whole test process.</summary>
[Collection(InotifyCollection.Name)]
public sealed class DevClusterHostWatchTests
{
    [Fact]
    public async Task StartAsync_FromAnyWorkingDirectory_WatchesNoFiles()
    {
        // The default builder watched the working directory's whole tree (the repository: ~700 folders, a wake-up per file written).
        var before = InotifyWatches();

        await using var host = await DevClusterHost.StartAsync();

        Assert.Equal(before, InotifyWatches());
    }

    private static int InotifyWatches() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Where(fd => fd.LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/self/fdinfo/{fd.Name}").Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)));
}
