namespace KubeTune.DevCluster.Auth;

/// <summary>
/// The token files of one running container: written at start, rewritten before 80% of each token's lifetime
/// has passed (as the kubelet does) until disposed, with the container's mount paths mapped to host folders.
/// </summary>
public sealed class ProjectedTokenFiles : IAsyncDisposable
{
    /// <summary>The kubelet rotates a projected token once this fraction of its lifetime has passed.</summary>
    public const double RotateAfter = 0.8;

    private readonly Func<ProjectedTokenSource, string> issue;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task rotation;
    private int writes;

    internal ProjectedTokenFiles(IReadOnlyList<(ProjectedTokenSource Source, string File)> tokens, IReadOnlyDictionary<string, string> mounts, Func<ProjectedTokenSource, string> issue, TimeProvider time)
    {
        Tokens = tokens;
        MountPaths = mounts;
        this.issue = issue;
        this.time = time;
        foreach (var (source, file) in tokens)
        {
            Write(source, file);
        }

        rotation = tokens.Count == 0 ? Task.CompletedTask : Task.WhenAll(tokens.Select(token => RotateAsync(token.Source, token.File)));
    }

    /// <summary>Every token source with the host file it is written to.</summary>
    public IReadOnlyList<(ProjectedTokenSource Source, string File)> Tokens { get; }

    /// <summary>Container mount path to host folder, for the projected token volumes the container mounts.</summary>
    public IReadOnlyDictionary<string, string> MountPaths { get; }

    /// <summary>How many times a token file has been (re)written, for tests and diagnostics.</summary>
    public int Writes => Volatile.Read(ref writes);

    /// <summary>A value naming a path inside a mounted token volume, turned into the host path; any other value unchanged.</summary>
    public string MapPath(string value)
    {
        foreach (var (mountPath, hostPath) in MountPaths)
        {
            var mount = mountPath.TrimEnd('/');
            if (value == mount)
            {
                return hostPath;
            }

            if (value.StartsWith(mount + "/", StringComparison.Ordinal))
            {
                return Path.Combine(hostPath, value[(mount.Length + 1)..]);
            }
        }

        return value;
    }

    /// <summary>The launch with every environment value and argument that names a path in a mounted token volume mapped to the host.</summary>
    public Pods.ContainerLaunch MapLaunch(Pods.ContainerLaunch launch) => launch with
    {
        Arguments = [.. launch.Arguments.Select(MapPath)],
        Environment = launch.Environment.ToDictionary(pair => pair.Key, pair => MapPath(pair.Value), StringComparer.Ordinal),
    };

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await rotation.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    private async Task RotateAsync(ProjectedTokenSource source, string file)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(source.Lifetime * RotateAfter, time, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Write(source, file);
        }
    }

    // Write then rename, so a reader never sees a half-written token.
    private void Write(ProjectedTokenSource source, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, issue(source));
        File.Move(temporary, file, overwrite: true);
        Interlocked.Increment(ref writes);
    }
}
