namespace KubeTune.DevCluster.Pods;

/// <summary>A container resolved to a local process: the program, its arguments, extra environment and working directory.</summary>
public sealed record ContainerLaunch(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory);
