using System.Globalization;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Checkpointing;

/// <summary>
/// checkpoint-STEP directories under a root. A checkpoint is written into a hidden temporary directory, given a manifest
/// (sha256 per file), fsynced (files and directories), marked complete and then renamed into place, so a reader never
/// sees a half-written one; a resume verifies the manifest. Only the newest <c>keep</c> are kept.
/// </summary>
public sealed class CheckpointStore
{
    public const string Prefix = "checkpoint-";
    public const string CompleteMarker = "COMPLETE";
    private const string PartialPrefix = ".partial-";

    private readonly TimeProvider time;
    private readonly Func<string, string> uriOf;

    /// <param name="uriOf">The user-facing URI of a checkpoint directory (<see cref="UserUriMapper.UriOf"/>); file:// by default.</param>
    public CheckpointStore(string root, int keep, TimeProvider? time = null, Func<string, string>? uriOf = null)
    {
        if (keep < 1)
        {
            throw new InvalidInputException($"checkpoint.keep {keep} must be at least 1");
        }

        Root = root;
        Keep = keep;
        this.time = time ?? TimeProvider.System;
        this.uriOf = uriOf ?? UserUriMapper.FileUri;
    }

    public string Root { get; }

    public int Keep { get; }

    /// <summary>Writes checkpoint-<paramref name="step"/> with the files <paramref name="writeFiles"/> puts in the directory it is given.</summary>
    public SavedCheckpoint Save(int step, Action<string> writeFiles)
    {
        NoFollowFiles.CreateDirectory(Root);
        var partial = Path.Combine(Root, $"{PartialPrefix}{Prefix}{step}-{Guid.NewGuid():N}");
        NoFollowFiles.CreateDirectory(partial);
        try
        {
            writeFiles(partial);
            CheckpointManifest.Write(partial);
            var savedAt = time.GetUtcNow();
            var marker = Path.Combine(partial, CompleteMarker);
            NoFollowFiles.WriteAllText(marker, savedAt.ToString("O", CultureInfo.InvariantCulture) + "\n");
            DurableFiles.SyncFile(marker);
            DurableFiles.SyncDirectory(partial);
            var final = PathFor(step);
            if (Directory.Exists(final))
            {
                // The same step saved again (a restart checkpointed before its first new step): the newer copy wins.
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(partial, final);
            DurableFiles.SyncDirectory(Root);
            Prune();
            return new SavedCheckpoint(step, final, savedAt, uriOf(final));
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    /// <summary>
    /// The newest complete checkpoint whose manifest verifies; half-written ones (no marker, or still under a temporary
    /// name) are ignored and removed, corrupt ones are passed over with a warning. Null when there is none at all; an
    /// input error naming the bad file when there are checkpoints but none is intact (resuming from scratch would
    /// silently discard the run).
    /// </summary>
    public SavedCheckpoint? FindLatest(Action<string>? warn = null)
    {
        if (!Directory.Exists(Root))
        {
            return null;
        }

        foreach (var stale in Directory.GetDirectories(Root, PartialPrefix + "*"))
        {
            TryDelete(stale);
        }

        string? newestProblem = null;
        foreach (var checkpoint in Complete().OrderByDescending(checkpoint => checkpoint.Step))
        {
            if (CheckpointManifest.Problem(checkpoint.Directory) is not { } problem)
            {
                return checkpoint;
            }

            newestProblem ??= problem;
            warn?.Invoke($"checkpoint-{checkpoint.Step} is not intact ({problem}); trying an older checkpoint");
        }

        return newestProblem is null
            ? null
            : throw new InvalidInputException($"no intact checkpoint in {Root}: {newestProblem}; delete the checkpoints to start over");
    }

    public IReadOnlyList<SavedCheckpoint> Complete()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var result = new List<SavedCheckpoint>();
        foreach (var directory in Directory.GetDirectories(Root, Prefix + "*"))
        {
            var marker = Path.Combine(directory, CompleteMarker);
            if (int.TryParse(Path.GetFileName(directory)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) && File.Exists(marker)
                && DateTimeOffset.TryParse(File.ReadAllText(marker).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var savedAt))
            {
                result.Add(new SavedCheckpoint(step, directory, savedAt, uriOf(directory)));
            }
        }

        return result.OrderBy(checkpoint => checkpoint.Step).ToList();
    }

    private string PathFor(int step) => Path.Combine(Root, Prefix + step.ToString(CultureInfo.InvariantCulture));

    private void Prune()
    {
        var complete = Complete();
        foreach (var old in complete.Take(Math.Max(0, complete.Count - Keep)))
        {
            TryDelete(old.Directory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover is ignored by readers and retried on the next save.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
