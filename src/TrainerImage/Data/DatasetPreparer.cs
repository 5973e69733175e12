using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data.Images;
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
        var errors = new RowErrors(config.Dataset.SkipInvalid);
        var owned = new List<IDisposable>();
        try
        {
            return config.Task switch
            {
                FineTuneTask.ImageClassification => Images(config, paths, modelConfig, workDirectory, errors, owned),
                FineTuneTask.CausalLm => CausalLm(config, paths, Require(tokenizer, config), modelConfig, workDirectory, errors, owned),
                _ => Tokenized(config, paths, Require(tokenizer, config), modelConfig, workDirectory, errors, owned),
            };
        }
        catch
        {
            owned.ForEach(item => item.Dispose());
            throw;
        }
    }

    private static PreparedData Tokenized(TrainerConfig config, ResolvedPaths paths, HfTokenizer tokenizer, HfConfig modelConfig, string? workDirectory, RowErrors errors, List<IDisposable> owned)
    {
        var store = new TokenStore(workDirectory);
        owned.Add(store);
        var examples = new TokenizedExamples(store);
        var classification = config.Task == FineTuneTask.TextClassification;
        var labels = new LabelCollector();
        var template = classification ? null : ChatTemplate.Load(paths.ModelDirectory);
        var maxLength = config.Hyperparameters.MaxSequenceLength;
        int[] ReadFile(string path, string field)
        {
            var file = TextRecords.FindFile(path, field);
            return classification
                ? TextClassificationReader.Read(file, config.Dataset.Fields, tokenizer, maxLength, examples, labels, errors)
                : InstructionReader.Read(file, config.Dataset.Fields, tokenizer, template!, EndOfSequenceToken.Resolve(tokenizer, modelConfig), maxLength, examples, errors);
        }

        var train = ReadFile(paths.DatasetPath, "dataset.uri");
        var validation = paths.ValidationPath is { } validationPath ? ReadFile(validationPath, "dataset.validationUri") : null;
        store.Seal();

        IReadOnlyList<string>? names = null;
        if (classification)
        {
            (names, var finalIds) = labels.Finish(modelConfig, errors);
            for (var i = 0; i < examples.Count; i++)
            {
                examples.SetValue(i, finalIds[examples.Value(i)]);
            }

            // Rows whose class id was out of range (skipped with skipInvalid) carry -1.
            train = train.Where(i => examples.Value(i) >= 0).ToArray();
            validation = validation?.Where(i => examples.Value(i) >= 0).ToArray();
        }

        train = NonEmpty(train, paths.DatasetPath);
        validation = validation is null ? null : NonEmptyValidation(validation, paths.ValidationPath!);

        (train, validation) = SplitIfAsked(config, train, validation, classification ? examples.Value : null);
        var kind = classification ? TokenizedBatchKind.Classification : TokenizedBatchKind.Instruction;
        return new PreparedData(
            new TokenizedBatchSource(examples, train, kind, tokenizer.PadTokenId),
            validation is null ? null : new TokenizedBatchSource(examples, validation, kind, tokenizer.PadTokenId),
            names,
            errors.Skipped,
            owned);
    }

    private static PreparedData CausalLm(TrainerConfig config, ResolvedPaths paths, HfTokenizer tokenizer, HfConfig modelConfig, string? workDirectory, RowErrors errors, List<IDisposable> owned)
    {
        var blockLength = config.Hyperparameters.MaxSequenceLength;
        var eos = EndOfSequenceToken.Resolve(tokenizer, modelConfig);
        TokenStore ReadFile(string path, string field)
        {
            var store = new TokenStore(workDirectory);
            owned.Add(store);
            CausalLmReader.Read(TextRecords.FindFile(path, field), config.Dataset.Fields, tokenizer, eos, RowBound.Bytes(blockLength), store, errors);
            store.Seal();
            return store;
        }

        var trainStore = ReadFile(paths.DatasetPath, "dataset.uri");
        var trainBlocks = NonEmpty(Enumerable.Range(0, PackedBlockSource.BlockCount(trainStore.Length, blockLength)).ToArray(), paths.DatasetPath);
        if (paths.ValidationPath is { } validationPath)
        {
            var validationStore = ReadFile(validationPath, "dataset.validationUri");
            var validationBlocks = NonEmptyValidation(Enumerable.Range(0, PackedBlockSource.BlockCount(validationStore.Length, blockLength)).ToArray(), validationPath);
            return new PreparedData(
                new PackedBlockSource(trainStore, blockLength, trainBlocks),
                new PackedBlockSource(validationStore, blockLength, validationBlocks),
                null,
                errors.Skipped,
                owned);
        }

        var (train, validation) = SplitIfAsked(config, trainBlocks, null, null);
        return new PreparedData(
            new PackedBlockSource(trainStore, blockLength, train),
            validation is null ? null : new PackedBlockSource(trainStore, blockLength, validation),
            null,
            errors.Skipped,
            owned);
    }

    private static PreparedData Images(TrainerConfig config, ResolvedPaths paths, HfConfig modelConfig, string? workDirectory, RowErrors errors, List<IDisposable> owned)
    {
        var settings = ImagePreprocessing.Load(paths.ModelDirectory, modelConfig);
        var labels = new LabelCollector();
        IImageSet Open(string path)
        {
            if (IdxImageSet.FindImagesFile(path) is { } idx)
            {
                var set = new IdxImageSet(idx, labels, workDirectory);
                owned.Add(set);
                return set;
            }

            if (Directory.Exists(path))
            {
                return ImageFileSet.FromFolder(path, labels, errors);
            }

            return File.Exists(path) && Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".json" or ".csv"
                ? ImageFileSet.FromList(path, config.Dataset.Fields, labels, errors)
                : throw new InvalidInputException($"{path}: expected an image folder (one sub-folder per class), a .jsonl/.csv list of images and labels, or IDX files (*-images-idx3-ubyte[.gz])");
        }

        var trainSet = Open(paths.DatasetPath);
        var validationSet = paths.ValidationPath is { } validationPath ? Open(validationPath) : null;
        var (names, finalIds) = labels.Finish(modelConfig, errors);
        // Images whose class id was out of range (skipped with skipInvalid) map to -1.
        int[] Members(IImageSet set) => Enumerable.Range(0, set.Count).Where(i => finalIds[set.Label(i)] >= 0).ToArray();
        var trainMembers = NonEmpty(Members(trainSet), paths.DatasetPath);
        if (validationSet is not null)
        {
            return new PreparedData(
                new ImageBatchSource(trainSet, finalIds, settings, trainMembers),
                new ImageBatchSource(validationSet, finalIds, settings, NonEmptyValidation(Members(validationSet), paths.ValidationPath!)),
                names,
                errors.Skipped,
                owned);
        }

        var (train, validation) = SplitIfAsked(config, trainMembers, null, i => finalIds[trainSet.Label(i)]);
        return new PreparedData(
            new ImageBatchSource(trainSet, finalIds, settings, train),
            validation is null ? null : new ImageBatchSource(trainSet, finalIds, settings, validation),
            names,
            errors.Skipped,
            owned);
    }

    /// <summary>With validationSplit (and no validation file) holds out a seeded, per-class share of the training examples.</summary>
    private static (int[] Train, int[]? Validation) SplitIfAsked(TrainerConfig config, int[] train, int[]? validation, Func<int, int>? classOf)
    {
        if (validation is not null || config.Dataset.ValidationSplit is not { } fraction)
        {
            return (train, validation);
        }

        var (kept, held) = ValidationSplitter.Split(train.Length, fraction, config.Hyperparameters.Seed, classOf is null ? null : i => classOf(train[i]));
        return (kept.Select(i => train[i]).ToArray(), held.Select(i => train[i]).ToArray());
    }

    private static HfTokenizer Require(HfTokenizer? tokenizer, TrainerConfig config) =>
        tokenizer ?? throw new InvalidInputException($"{config.Source}: task '{config.Task}' needs the model's tokenizer (tokenizer.json)");

    private static int[] NonEmpty(int[] examples, string path) =>
        examples.Length > 0 ? examples : throw new InvalidInputException($"{path}: the dataset holds no usable examples");

    // An empty validation set would report accuracy 0 on 0 examples as if it were a result.
    private static int[] NonEmptyValidation(int[] examples, string path) =>
        examples.Length > 0 ? examples : throw new InvalidInputException($"{path}: the validation set holds no usable examples (dataset.validationUri)");
}
