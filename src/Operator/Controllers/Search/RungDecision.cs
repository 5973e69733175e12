namespace KubeTune.Operator.Controllers.Search;

/// <summary>An asha decision at the end of a rung: promoted or not, the trial's rank (1 is best), how many continue, out of how many.</summary>
public sealed record RungDecision(bool Promote, int Rank, int Keep, int Count);
