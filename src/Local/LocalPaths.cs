namespace KubeTune.Local;

/// <summary>Where a local run keeps things under its work directory: claims, pod folders, the kubeconfig, the operator log.</summary>
public sealed record LocalPaths(string WorkDirectory)
{
    /// <summary>pvc://CLAIM/PATH lives at WORK_DIR/pvc/CLAIM/PATH.</summary>
    public string Claims => Path.Combine(WorkDirectory, "pvc");

    /// <summary>One folder per trainer pod (NAMESPACE/POD), with its container.log.</summary>
    public string Pods => Path.Combine(WorkDirectory, "pods");

    public string Kubeconfig => Path.Combine(WorkDirectory, "kubeconfig");

    public string OperatorLog => Path.Combine(WorkDirectory, "operator.log");

    /// <summary>The host path of a location: pvc:// under <see cref="Claims"/>, file:// as it is; null for remote or malformed ones (the contract's parser decides).</summary>
    public string? HostPath(string? uri)
    {
        if (uri is null || !StorageUri.TryParse(uri, out var location, out _))
        {
            return null;
        }

        return location.Scheme switch
        {
            StorageScheme.Pvc => Path.Combine([Claims, location.Claim, .. location.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)]),
            StorageScheme.File => location.Path,
            _ => null,
        };
    }

    /// <summary>The log of the job's newest trainer pod, if one ran.</summary>
    public string? NewestPodLog(string ns, string job)
    {
        var folder = Path.Combine(Pods, ns);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        return new DirectoryInfo(folder).GetDirectories(job + "-*")
            .Select(pod => new FileInfo(Path.Combine(pod.FullName, "container.log")))
            .Where(log => log.Exists)
            .OrderByDescending(log => log.LastWriteTimeUtc)
            .FirstOrDefault()?.FullName;
    }
}
