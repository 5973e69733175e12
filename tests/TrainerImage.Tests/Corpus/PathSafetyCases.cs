using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Models.Safetensors;
using KubeTune.Trainer.Reporting;
using System.Text.Json.Nodes;
using static KubeTune.Trainer.Tests.Corpus.CorpusWorkspace;

namespace KubeTune.Trainer.Tests.Corpus;

/// <summary>Corpus cases where the output would overwrite an input or be lost, and where a path leaves its claim or folder.</summary>
public static class PathSafetyCases
{
    private const int Invalid = ExitCodes.InvalidInput;

    public static IEnumerable<MalformedInputCase> All() => [.. Output(), .. Paths()];

    private static IEnumerable<MalformedInputCase> Output()
    {
        const string Out = "output";
        yield return new(Out, "output.uri is model.uri", w => w.Output("file://" + w.ModelDirectory + "/"), Invalid,
            "is the same location as spec.model.uri; the trainer would overwrite its input");
        yield return new(Out, "output.uri inside the model folder", w => w.Output("file://" + w.Model("finetuned")), Invalid,
            "lies inside spec.model.uri");
        yield return new(Out, "output.uri is the training file", w => w.Output("file://" + w.Data("train.jsonl")), Invalid,
            "is the same location as spec.dataset.uri");
        yield return new(Out, "output.uri holds the validation file", w =>
        {
            Directory.CreateDirectory(w.Data("data"));
            File.Move(w.Data("validation.jsonl"), w.Data("data/validation.jsonl"));
            w.Extra["dataset"] = new JsonObject { ["uri"] = "file://" + w.Data("train.jsonl"), ["validationUri"] = "file://" + w.Data("data/validation.jsonl") };
            w.Output("file://" + w.Data("data"));
        }, Invalid, "contains spec.dataset.validationUri");
        yield return new(Out, "output's checkpoints are the model folder", w =>
        {
            CopyDirectory(w.ModelDirectory, w.Data("base-checkpoints"));
            w.Extra["model"] = new JsonObject { ["uri"] = "file://" + w.Data("base-checkpoints") };
            w.Output("file://" + w.Data("base"));
        }, Invalid, "-checkpoints') is the same location as spec.model.uri");
        yield return new(Out, "output.uri a claim root", w =>
        {
            w.UseClaims();
            w.Output("pvc://models");
        }, Invalid, "'pvc://models' is the root of claim models; name a folder in it (pvc://models/NAME)");
        yield return new(Out, "output.uri file:///etc/kubetune", w => w.Output("file:///etc/kubetune"), Invalid,
            "'file:///etc/kubetune' is inside /etc/kubetune, which the trainer pod reserves");
        yield return new(Out, "output.uri file:///workspace/model", w => w.Output("file:///workspace/model"), Invalid,
            "is inside /workspace, which the trainer pod reserves");
        yield return new(Out, "pvc:// output is the file:// model on this machine", w =>
        {
            w.UseClaims();
            CopyDirectory(w.ModelDirectory, Path.Combine(w.PvcRoot, "models", "bert"));
            w.Extra["model"] = new JsonObject { ["uri"] = "file://" + Path.Combine(w.PvcRoot, "models", "bert") };
            w.Output("pvc://models/bert");
        }, Invalid, "overlap on this machine; the trainer would overwrite its input");
    }

    private static IEnumerable<MalformedInputCase> Paths()
    {
        const string Paths = "paths";
        yield return new(Paths, "output claim '..' (pvc://../x)", w =>
        {
            w.UseClaims();
            w.Output("pvc://../x");
        }, Invalid, "names the claim '..', which is not a DNS-1123 label");
        yield return new(Paths, "model claim not a DNS label (pvc://Models_1/bert)", w =>
        {
            w.UseClaims();
            w.Extra["model"] = new JsonObject { ["uri"] = "pvc://Models_1/bert" };
        }, Invalid, "names the claim 'Models_1', which is not a DNS-1123 label");
        yield return new(Paths, "symlink in the output folder", w => Link(Path.Combine(w.OutputDirectory, EvalReport.FileName), w.Data("victim.json")), Invalid,
            $"{EvalReport.FileName}: is a symbolic link (to ");
        yield return new(Paths, "training_log.jsonl a symlink", w => Link(Path.Combine(w.OutputDirectory, ProgressReporter.LogFileName), w.Data("victim.jsonl")), Invalid,
            $"{ProgressReporter.LogFileName}: is a symbolic link (to ");
        yield return new(Paths, "output folder a symlink", w => Link(w.OutputDirectory, w.Data("elsewhere")), Invalid,
            "out: is a symbolic link (to ");
        yield return new(Paths, "checkpoint folder a symlink", w => Link(Path.Combine(w.CheckpointsDirectory, "checkpoint-1"), w.Data("elsewhere")), Invalid,
            "checkpoint-1: is a symbolic link (to ");
        yield return new(Paths, "folder below the claim root a symlink", w =>
        {
            w.UseClaims();
            Directory.CreateDirectory(Path.Combine(w.PvcRoot, "models"));
            Link(Path.Combine(w.PvcRoot, "models", "team"), w.Data("elsewhere"));
            w.Output("pvc://models/team/out");
        }, Invalid, "team: is a symbolic link (to ");
        yield return new(Paths, "tokenizer.json a symlink to /etc/passwd", w =>
        {
            File.Delete(w.Model("tokenizer.json"));
            File.CreateSymbolicLink(w.Model("tokenizer.json"), "/etc/passwd");
        }, Invalid, "tokenizer.json resolves to /etc/passwd, outside");
        yield return new(Paths, "config.json a symlink out of its claim", w =>
        {
            ModelOnClaim(w);
            File.Move(Path.Combine(w.PvcRoot, "models", "bert", "config.json"), w.Data("config.json"));
            File.CreateSymbolicLink(Path.Combine(w.PvcRoot, "models", "bert", "config.json"), w.Data("config.json"));
        }, Invalid, "config.json resolves to");
        yield return new(Paths, "config.json a symlink inside its claim", w =>
        {
            ModelOnClaim(w);
            Directory.CreateDirectory(Path.Combine(w.PvcRoot, "models", "shared"));
            File.Move(Path.Combine(w.PvcRoot, "models", "bert", "config.json"), Path.Combine(w.PvcRoot, "models", "shared", "config.json"));
            File.CreateSymbolicLink(Path.Combine(w.PvcRoot, "models", "bert", "config.json"), Path.Combine(w.PvcRoot, "models", "shared", "config.json"));
        }, ExitCodes.Success, "done: 2 steps");
        yield return new(Paths, "training file a symlink out of its folder", w =>
        {
            Link(w.Data("data/train.jsonl"), w.Data("train.jsonl"));
            w.Extra["dataset"] = new JsonObject { ["uri"] = "file://" + w.Data("data/train.jsonl"), ["validationUri"] = "file://" + w.Data("validation.jsonl") };
        }, Invalid, "train.jsonl resolves to");
        yield return new(Paths, "index shard name ../train.jsonl", w => WriteIndex(w, "../train.jsonl"), Invalid,
            $"{SafetensorsCheckpoint.IndexFileName}: weight_map names the shard '../train.jsonl', outside the model folder");
        yield return new(Paths, "index shard name /etc/passwd", w => WriteIndex(w, "/etc/passwd"), Invalid,
            "weight_map names the shard '/etc/passwd', outside the model folder");
    }

    private static void ModelOnClaim(CorpusWorkspace w)
    {
        w.UseClaims();
        CopyDirectory(w.ModelDirectory, Path.Combine(w.PvcRoot, "models", "bert"));
        w.Extra["model"] = new JsonObject { ["uri"] = "pvc://models/bert" };
    }

    private static void WriteIndex(CorpusWorkspace w, string shard)
    {
        File.Delete(w.Model(SafetensorsCheckpoint.SingleFileName));
        File.WriteAllText(w.Model(SafetensorsCheckpoint.IndexFileName), $"{{\"weight_map\": {{\"bert.embeddings.word_embeddings.weight\": \"{shard}\"}}}}");
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}
