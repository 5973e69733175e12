namespace KubeTune.Contracts;

/// <summary>
/// Every default of the job contract, written once. <see cref="JobDefaults.Apply"/> fills a spec with them, the operator
/// and the search use them, and the CRD agreement test checks that the schema's defaults say the same.
/// </summary>
public static class Defaults
{
    public const string Method = FineTuneMethod.Full;
    public const int LoraR = 8;
    public const double LoraAlpha = 16;
    public const double LoraDropout = 0.05;

    public const double LearningRate = 5e-5;
    public const int BatchSize = 8;
    public const int GradientAccumulationSteps = 1;

    /// <summary>With neither epochs nor maxSteps, one epoch is trained.</summary>
    public const int Epochs = 1;
    public const double WarmupRatio = 0;
    public const string Scheduler = LearningRateScheduler.Linear;
    public const double WeightDecay = 0;
    public const double MaxGradNorm = 1.0;
    public const int MaxSequenceLength = 512;
    public const string Precision = Contracts.Precision.Fp32;
    public const long Seed = 42;

    public const bool SkipInvalid = false;
    public const string TextField = "text";
    public const string LabelField = "label";
    public const string PromptField = "prompt";
    public const string CompletionField = "completion";
    public const string ImageField = "image";
    public const string MessagesField = "messages";

    public const string EarlyStoppingMetric = MetricName.EvalLoss;
    public const int EarlyStoppingPatience = 3;

    public const int CheckpointEverySteps = 200;
    public const int CheckpointKeep = 2;

    public const string OutputFormat = Contracts.OutputFormat.Safetensors;

    public const string SearchAlgorithm = Contracts.SearchAlgorithm.Random;
    public const int SearchMaxTrials = 8;
    public const int SearchParallelTrials = 1;
    public const string SearchGoal = ObjectiveGoal.Minimize;

    /// <summary>Points grid search takes from a range without steps.</summary>
    public const int SearchGridSteps = 3;
    public const string SearchScale = ParameterScale.Linear;

    /// <summary>asha: the top third of a rung continues, each rung three times longer than the one before.</summary>
    public const int SearchReductionFactor = 3;

    /// <summary>tpe: random trials before the estimator has enough history to model.</summary>
    public const int SearchStartupTrials = 4;
}
