namespace KubeTune.Operator.Controllers.Search;

/// <summary>Condition reasons and Event reasons of a search job.</summary>
public static class SearchReasons
{
    public const string TrialsRunning = "TrialsRunning";
    public const string AllTrialsFailed = "AllTrialsFailed";
    public const string TrialStarted = "TrialStarted";
    public const string TrialEarlyStopped = "TrialEarlyStopped";
    public const string TrialPromoted = "TrialPromoted";
}
