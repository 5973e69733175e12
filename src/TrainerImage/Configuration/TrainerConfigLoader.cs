using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Yaml;

namespace KubeTune.Trainer.Configuration;

/// <summary>
/// Reads the trainer's config from the operator's job.json (kind TrainerConfig) or a FineTuneJob manifest (YAML or
/// JSON), applies the CRD's defaults and checks what the CRD would; every error names the file and the field.
/// </summary>
public static class TrainerConfigLoader
{
    public const string ApiVersion = "kubetune.io/v1alpha1";
    public const string RenderedKind = "TrainerConfig";
    public const string ManifestKind = "FineTuneJob";

    private static readonly string[] SpecFields =
    [
        "model", "task", "dataset", "method", "hyperparameters", "search", "earlyStopping", "checkpoint", "output",
        "resources", "nodeSelector", "tolerations", "affinity", "priorityClassName", "serviceAccountName",
        "imagePullSecrets", "image", "suspend", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished",
    ];

    public static TrainerConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: config file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in errors.</summary>
    public static TrainerConfig Parse(string text, string source)
    {
        var root = ParseDocument(text, source) as JsonObject
            ?? throw new InvalidInputException($"{source}: expected an object with apiVersion and kind");
        var document = new ConfigObject(root, source, "");
        var apiVersion = document.String("apiVersion");
        if (apiVersion is not null && apiVersion != ApiVersion)
        {
            throw document.Error("apiVersion", $"must be {ApiVersion}, got '{apiVersion}'");
        }

        return document.String("kind") switch
        {
            RenderedKind => FromRendered(document, source),
            ManifestKind => FromManifest(document, source),
            var kind => throw document.Error("kind", $"must be {RenderedKind} or {ManifestKind}, got '{kind ?? "(none)"}'"),
        };
    }

    private static JsonNode? ParseDocument(string text, string source)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return YamlDocument(text, source);
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    // A file of several manifests (a LocalQueue and the job, say): the one job in it.
    private static JsonNode? YamlDocument(string text, string source)
    {
        IReadOnlyList<(JsonNode Json, long Line)> documents;
        try
        {
            documents = YamlJson.ParseDocuments(text, source);
        }
        catch (FormatException e)
        {
            throw new InvalidInputException(e.Message, e);
        }

        if (documents.Count <= 1)
        {
            return documents.Count == 0 ? null : documents[0].Json;
        }

        var jobs = documents.Select(document => document.Json).Where(IsTrainerDocument).ToList();
        return jobs.Count == 1
            ? jobs[0]
            : throw new InvalidInputException($"{source}: {documents.Count} YAML documents with {jobs.Count} of kind {ManifestKind} or {RenderedKind}; expected exactly one");
    }

    private static bool IsTrainerDocument(JsonNode node) =>
        node is JsonObject document && document["kind"] is JsonValue kind && kind.TryGetValue<string>(out var name) && name is ManifestKind or RenderedKind;

    private static TrainerConfig FromRendered(ConfigObject document, string source)
    {
        document.AllowOnly("apiVersion", "kind", "job", "task", "model", "dataset", "method", "hyperparameters", "earlyStopping", "checkpoint", "output", "search");
        var job = document.Object("job");
        job?.AllowOnly("namespace", "name");
        var identity = new JobIdentity(job?.String("namespace") ?? "", job?.String("name") ?? Path.GetFileNameWithoutExtension(source));
        return Build(document, identity, source);
    }

    private static TrainerConfig FromManifest(ConfigObject document, string source)
    {
        document.AllowOnly("apiVersion", "kind", "metadata", "spec", "status");
        var metadata = document.Object("metadata");
        var identity = new JobIdentity(metadata?.String("namespace") ?? "", metadata?.String("name") ?? Path.GetFileNameWithoutExtension(source));
        var spec = document.RequireObject("spec");
        spec.AllowOnly(SpecFields);
        return Build(spec, identity, source);
    }

    private static TrainerConfig Build(ConfigObject spec, JobIdentity job, string source)
    {
        var task = spec.String("task") ?? throw spec.Error("task", $"is required (one of {string.Join(", ", TrainerTask.All)})");
        task = spec.Choice("task", task, TrainerTask.All);

        var model = spec.RequireObject("model");
        model.AllowOnly("uri", "path");
        var modelSection = new ModelSection(model.RequireString("uri"), model.String("path"));

        var dataset = ReadDataset(spec.RequireObject("dataset"));
        var method = ReadMethod(spec.Object("method"), spec);
        var hyperparameters = ReadHyperparameters(spec.Object("hyperparameters"));
        var output = ReadOutput(spec.RequireObject("output"));
        var earlyStopping = ReadEarlyStopping(spec.Object("earlyStopping"));
        var checkpoint = ReadCheckpoint(spec.Object("checkpoint"));

        if (output.Format == OutputSection.PeftAdapter && method.Type != MethodSection.LoraType)
        {
            throw spec.Error("output.format", "peft-adapter requires method.type lora");
        }

        if (method.Type == MethodSection.Head && !TrainerTask.IsClassification(task))
        {
            throw spec.Error("method.type", "head needs a classification task (text-classification or image-classification)");
        }

        var search = spec.Object("search")?.Json;
        return new TrainerConfig(source, job, task, modelSection, dataset, method, hyperparameters, earlyStopping, checkpoint, output, search);
    }

    private static DatasetSection ReadDataset(ConfigObject dataset)
    {
        dataset.AllowOnly("uri", "path", "validationUri", "validationPath", "validationSplit", "fields", "skipInvalid");
        var split = dataset.Number("validationSplit", 0, 1, exclusiveMax: true);
        var validationUri = dataset.String("validationUri");
        if (split is not null && validationUri is not null)
        {
            throw dataset.Error("validationSplit", "and validationUri are both set; set at most one");
        }

        var fields = dataset.Object("fields");
        fields?.AllowOnly("text", "label", "prompt", "completion", "image", "messages");
        var defaults = new DatasetFieldNames();
        var names = fields is null ? defaults : new DatasetFieldNames(
            fields.String("text") ?? defaults.Text,
            fields.String("label") ?? defaults.Label,
            fields.String("prompt") ?? defaults.Prompt,
            fields.String("completion") ?? defaults.Completion,
            fields.String("image") ?? defaults.Image,
            fields.String("messages") ?? defaults.Messages);

        return new DatasetSection(
            dataset.RequireString("uri"),
            dataset.String("path"),
            validationUri,
            dataset.String("validationPath"),
            split is 0 ? null : split,
            names,
            dataset.Bool("skipInvalid", false));
    }

    private static MethodSection ReadMethod(ConfigObject? method, ConfigObject spec)
    {
        if (method is null)
        {
            return new MethodSection(MethodSection.Full, null);
        }

        method.AllowOnly("type", "lora");
        var type = method.Choice("type", MethodSection.Full, MethodSection.All);
        var lora = method.Object("lora");
        if (lora is not null && type != MethodSection.LoraType)
        {
            throw spec.Error("method.lora", "may only be set when method.type is lora");
        }

        if (type != MethodSection.LoraType)
        {
            return new MethodSection(type, null);
        }

        var defaults = new LoraSection();
        if (lora is null)
        {
            return new MethodSection(type, defaults);
        }

        lora.AllowOnly("r", "alpha", "dropout", "targetModules");
        return new MethodSection(type, new LoraSection(
            (int)(lora.Integer("r", 1, 1024) ?? defaults.R),
            lora.Number("alpha", 0, exclusiveMin: true) ?? defaults.Alpha,
            lora.Number("dropout", 0, 1, exclusiveMax: true) ?? defaults.Dropout,
            lora.StringList("targetModules")));
    }

    private static HyperparameterSection ReadHyperparameters(ConfigObject? values)
    {
        var defaults = new HyperparameterSection();
        if (values is null)
        {
            return defaults;
        }

        values.AllowOnly(
            "learningRate", "batchSize", "gradientAccumulationSteps", "epochs", "maxSteps", "warmupRatio", "scheduler",
            "weightDecay", "maxGradNorm", "maxSequenceLength", "precision", "seed", "evalSteps");
        var epochs = values.Integer("epochs", 1, 1000);
        var maxSteps = values.Integer("maxSteps", 1);
        if (epochs is not null && maxSteps is not null)
        {
            throw values.Error("maxSteps", "and epochs are both set; set at most one");
        }

        return new HyperparameterSection(
            values.Number("learningRate", 0, 1, exclusiveMin: true) ?? defaults.LearningRate,
            (int)(values.Integer("batchSize", 1, 4096) ?? defaults.BatchSize),
            (int)(values.Integer("gradientAccumulationSteps", 1, 1024) ?? defaults.GradientAccumulationSteps),
            (int)(epochs ?? defaults.Epochs),
            maxSteps,
            values.Number("warmupRatio", 0, 1) ?? defaults.WarmupRatio,
            values.Choice("scheduler", defaults.Scheduler, HyperparameterSection.Schedulers),
            values.Number("weightDecay", 0, 1) ?? defaults.WeightDecay,
            values.Number("maxGradNorm", 0) ?? defaults.MaxGradNorm,
            (int)(values.Integer("maxSequenceLength", 1, 131072) ?? defaults.MaxSequenceLength),
            values.Choice("precision", defaults.Precision, HyperparameterSection.Precisions),
            values.Integer("seed", 0) ?? defaults.Seed,
            (int?)values.Integer("evalSteps", 1, int.MaxValue));
    }

    private static EarlyStoppingSection? ReadEarlyStopping(ConfigObject? values)
    {
        if (values is null)
        {
            return null;
        }

        values.AllowOnly("metric", "patience");
        var defaults = new EarlyStoppingSection();
        return new EarlyStoppingSection(
            values.Choice("metric", defaults.Metric, EarlyStoppingSection.Metrics),
            (int)(values.Integer("patience", 1, 1000) ?? defaults.Patience));
    }

    private static CheckpointSection ReadCheckpoint(ConfigObject? values)
    {
        var defaults = new CheckpointSection();
        if (values is null)
        {
            return defaults;
        }

        values.AllowOnly("everySteps", "keep", "path");
        return new CheckpointSection(
            (int)(values.Integer("everySteps", 1, int.MaxValue) ?? defaults.EverySteps),
            (int)(values.Integer("keep", 1, 100) ?? defaults.Keep),
            values.String("path"));
    }

    private static OutputSection ReadOutput(ConfigObject output)
    {
        output.AllowOnly("uri", "format", "path");
        var uri = output.RequireString("uri");
        if (!uri.StartsWith("pvc://", StringComparison.Ordinal) && !uri.StartsWith("file:///", StringComparison.Ordinal))
        {
            throw output.Error("uri", $"must be pvc://CLAIM/PATH or file:///PATH, got '{uri}'");
        }

        return new OutputSection(uri, output.Choice("format", OutputSection.Safetensors, OutputSection.Formats), output.String("path"));
    }
}
