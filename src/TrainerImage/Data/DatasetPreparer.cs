using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Storage;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Reads the task's dataset (one streaming pass that checks every row and writes the tokens to a temporary store),
/// splits off validation data when asked, and returns batch sources for training and evaluation.
/// </summary>
public static class DatasetPreparer
{
    /// <param name="config">The loaded config (task, dataset fields, maxSequenceLength, seed, skipInvalid).</param>
    /// <param name="paths">Local paths from <see cref="StorageResolver"/>; DatasetPath, ValidationPath and ModelDirectory are read.</param>
    /// <param name="tokenizer">The model's tokenizer; required for the text tasks, ignored for images.</param>
    /// <param name="modelConfig">The model's config.json (labels, eos_token_id, num_channels, image_size).</param>
    /// <param name="workDirectory">Where the temporary token stores go (default: the system temp directory).</param>
    public static PreparedData Prepare(TrainerConfig config, ResolvedPaths paths, HfTokenizer? tokenizer, HfConfig modelConfig, string? workDirectory = null)
    {
        throw new InvalidInputException($"{config.Source}: task '{config.Task}' is not supported yet");
    }
}
