using System.Globalization;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local;

/// <summary>How a FineTuneJob reads in the terminal: its name, its progress line, its terminal state.</summary>
public static class JobText
{
    public static string Key(FineTuneJob job) => $"{job.Metadata.NamespaceProperty}/{job.Metadata.Name}";

    /// <summary>The name alone in the default namespace, NAMESPACE/NAME elsewhere.</summary>
    public static string Name(FineTuneJob job) =>
        job.Metadata.NamespaceProperty is null or LocalManifest.DefaultNamespace ? job.Metadata.Name : Key(job);

    /// <summary>"Running · step 40/100 · loss 0.5123 · lr 2.00e-04 · ETA 0:35"; a search says "trials 1/4 done · best ..." instead.</summary>
    public static string Progress(FineTuneJob job)
    {
        var status = job.Status;
        var parts = new List<string> { PhaseTracker.Phase(job) };
        if (SearchText.Summary(job) is { } search)
        {
            parts.Add(search);
        }

        if (status?.Progress is { Step: { } step } progress)
        {
            parts.Add(progress.TotalSteps is { } total ? $"step {step}/{total}" : $"step {step}");
        }

        if (status?.Metrics?.TrainLoss is { } loss)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"loss {loss:0.0000}"));
        }

        if (status?.Metrics?.LearningRate is { } rate)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"lr {rate:0.00e+00}"));
        }

        if (status?.Progress?.EtaSeconds is { } eta && !IsFinished(job))
        {
            parts.Add("ETA " + Duration(TimeSpan.FromSeconds(eta)));
        }

        return string.Join(" · ", parts);
    }

    public static V1Condition? Condition(FineTuneJob job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(condition => condition.Type == type);

    public static bool Succeeded(FineTuneJob job) => Condition(job, ConditionTypes.Succeeded)?.Status == "True";

    /// <summary>Failed, or rejected (Accepted=False: the spec must change before anything runs).</summary>
    public static bool Failed(FineTuneJob job) =>
        Condition(job, ConditionTypes.Failed)?.Status == "True" || Condition(job, ConditionTypes.Accepted)?.Status == "False";

    public static bool IsFinished(FineTuneJob job) => Succeeded(job) || Failed(job);

    /// <summary>"Reason: message" of the Failed condition, or of Accepted=False.</summary>
    public static string FailureReason(FineTuneJob job)
    {
        var condition = Condition(job, ConditionTypes.Failed) is { Status: "True" } failed ? failed : Condition(job, ConditionTypes.Accepted);
        return condition is null ? "unknown" : $"{condition.Reason}: {condition.Message}";
    }

    public static string Duration(TimeSpan duration) => duration.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}:{duration.Seconds:00}");
}
