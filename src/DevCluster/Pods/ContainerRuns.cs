namespace KubeTune.DevCluster.Pods;

/// <summary>A container log cut into runs: each run of the container ends with the kubelet's terminated line.</summary>
public sealed class ContainerRuns
{
    private readonly List<List<ContainerLogLine>> _ended = [];
    private readonly List<ContainerLogLine> _open = [];

    private ContainerRuns()
    {
    }

    public static ContainerRuns Split(IReadOnlyList<ContainerLogLine> lines)
    {
        var runs = new ContainerRuns();
        foreach (var line in lines)
        {
            runs._open.Add(line);
            if (ContainerLogFile.IsTerminatedMarker(line.Text))
            {
                runs._ended.Add([.. runs._open]);
                runs._open.Clear();
            }
        }

        return runs;
    }

    /// <summary>The run the container is in, or the last one when its container has terminated.</summary>
    public IReadOnlyList<ContainerLogLine> Current(bool terminated) =>
        CurrentHasEnded(terminated) ? _ended[^1] : _open;

    /// <summary>True when the current run is over, so following it would wait for nothing.</summary>
    public bool CurrentHasEnded(bool terminated) => terminated && _open.Count == 0 && _ended.Count > 0;

    /// <summary>The run before the current one (kubectl logs --previous), null when there is none.</summary>
    public IReadOnlyList<ContainerLogLine>? Previous(bool terminated)
    {
        var index = CurrentHasEnded(terminated) ? _ended.Count - 2 : _ended.Count - 1;
        return index >= 0 ? _ended[index] : null;
    }
}
