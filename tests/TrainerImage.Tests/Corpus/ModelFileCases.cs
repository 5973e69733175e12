using System.Text;
using System.Text.Json.Nodes;
using static KubeTune.Trainer.Tests.Corpus.CorpusWorkspace;

namespace KubeTune.Trainer.Tests.Corpus;

/// <summary>Corpus cases over model.safetensors, config.json and the tokenizer files.</summary>
public static class ModelFileCases
{
    private const int Invalid = ExitCodes.InvalidInput;

    public static IEnumerable<MalformedInputCase> All()
    {
        const string St = "safetensors";
        yield return new(St, "data_offsets of -1e9", w => w.EditHeader(h => FirstTensor(h)["data_offsets"] = JsonNode.Parse("[-1e9, 256]")), Invalid,
            "field 'data_offsets' [-1000000000, 256] lie outside the data section");
        yield return new(St, "data_offsets reaching into the header", w => w.EditHeader(h => FirstTensor(h)["data_offsets"] = new JsonArray(-8, 248)), Invalid,
            "field 'data_offsets' [-8, 248] lie outside the data section");
        yield return new(St, "data_offsets past the end of the file", w => w.EditHeader(h => FirstTensor(h)["data_offsets"] = new JsonArray(0, 1_000_000_000_000)), Invalid,
            "lie outside the data section");
        yield return new(St, "data_offsets with three numbers", w => w.EditHeader(h => FirstTensor(h)["data_offsets"] = new JsonArray(0, 256, 512)), Invalid,
            "field 'data_offsets' must be two integers [begin, end], got [0,256,512]");
        yield return new(St, "data_offsets as strings", w => w.EditHeader(h => FirstTensor(h)["data_offsets"] = new JsonArray("0", "256")), Invalid,
            "field 'data_offsets' must be two integers");
        yield return new(St, "data_offsets missing", w => w.EditHeader(h => FirstTensor(h).Remove("data_offsets")), Invalid,
            "field 'data_offsets' must be two integers [begin, end], got nothing");
        yield return new(St, "shape [1e6, 1e6] (a 4 TB tensor)", w => w.EditHeader(h => FirstTensor(h)["shape"] = new JsonArray(1_000_000, 1_000_000)), Invalid,
            "give 256 bytes; F32 [1000000, 1000000] needs 4000000000000");
        yield return new(St, "shape whose element count overflows", w => w.EditHeader(h => FirstTensor(h)["shape"] = new JsonArray(10_000_000_000, 10_000_000_000)), Invalid,
            "has more elements than a tensor can hold");
        yield return new(St, "shape [-1, 4]", w => w.EditHeader(h => FirstTensor(h)["shape"] = new JsonArray(-1, 4)), Invalid,
            "field 'shape' must be an array of non-negative integers, got [-1,4]");
        yield return new(St, "shape [\"a\"]", w => w.EditHeader(h => FirstTensor(h)["shape"] = new JsonArray("a")), Invalid,
            "field 'shape' must be an array of non-negative integers, got [\"a\"]");
        yield return new(St, "shape not an array", w => w.EditHeader(h => FirstTensor(h)["shape"] = 64), Invalid,
            "field 'shape' must be an array of non-negative integers, got 64");
        yield return new(St, "dtype 5", w => w.EditHeader(h => FirstTensor(h)["dtype"] = 5), Invalid,
            "field 'dtype' must be a string, got 5");
        yield return new(St, "dtype F8", w => w.EditHeader(h => FirstTensor(h)["dtype"] = "F8"), Invalid,
            "unsupported safetensors dtype 'F8'");
        yield return new(St, "tensor entry not an object", w => w.EditHeader(h => h["extra.weight"] = 5), Invalid,
            "tensor 'extra.weight' must be an object with dtype, shape and data_offsets, got 5");
        yield return new(St, "every tensor at offset 0 (overlap)", w => w.EditHeader(OverlapAll), Invalid,
            "overlap tensor");
        yield return new(St, "header not JSON", w => w.WriteSafetensors(Encoding.UTF8.GetBytes("{not json"), new byte[16]), Invalid,
            "safetensors header is not valid JSON");
        yield return new(St, "header a JSON array", w => w.WriteSafetensors(Encoding.UTF8.GetBytes("[1, 2]  "), new byte[16]), Invalid,
            "safetensors header is not a JSON object");
        yield return new(St, "header length of 2^40", w => File.WriteAllBytes(w.Model("model.safetensors"), [0, 0, 0, 0, 0, 1, 0, 0, 0x7B, 0x7D]), Invalid,
            "not a safetensors file (header length 1099511627776 in a file of 10 bytes)");
        yield return new(St, "file of 3 bytes", w => File.WriteAllBytes(w.Model("model.safetensors"), [1, 2, 3]), Invalid,
            "not a safetensors file (shorter than 8 bytes)");
        yield return new(St, "data section truncated", w => Truncate(w.Model("model.safetensors"), 100), Invalid,
            "lie outside the data section");
        yield return new(St, "no weights file", w => File.Delete(w.Model("model.safetensors")), Invalid,
            "no model.safetensors or model.safetensors.index.json");
        yield return new(St, "shard index naming a number", w => File.WriteAllText(w.Model("model.safetensors.index.json"), "{\"weight_map\": {\"a\": 5}}"), Invalid,
            "weight_map entry 'a' must be a file name, got 5");

        const string Cfg = "config.json";
        yield return new(Cfg, "hidden_size 1e9", w => w.EditConfig(c => c["hidden_size"] = 1_000_000_000), Invalid,
            "field 'hidden_size' is 1000000000; it must be between 1 and 65536");
        yield return new(Cfg, "hidden_size written 1e9", w => w.EditConfig(c => c["hidden_size"] = JsonNode.Parse("1e9")), Invalid,
            "field 'hidden_size' must be a Int32");
        yield return new(Cfg, "vocab_size -5", w => w.EditConfig(c => c["vocab_size"] = -5), Invalid,
            "field 'vocab_size' is -5; it must be between 1 and 4194304");
        yield return new(Cfg, "num_attention_heads 0", w => w.EditConfig(c => c["num_attention_heads"] = 0), Invalid,
            "field 'num_attention_heads' is 0; it must be between 1 and 1024");
        yield return new(Cfg, "heads that do not divide hidden_size", w => w.EditConfig(c => c["num_attention_heads"] = 3), Invalid,
            "hidden_size 64 is not a multiple of num_attention_heads 3");
        yield return new(Cfg, "num_hidden_layers 1e6", w => w.EditConfig(c => c["num_hidden_layers"] = 1_000_000), Invalid,
            "field 'num_hidden_layers' is 1000000; it must be between 1 and 1024");
        yield return new(Cfg, "a model larger than memory", w => w.EditConfig(c =>
        {
            c["hidden_size"] = 65_536;
            c["num_hidden_layers"] = 1_024;
            c["intermediate_size"] = 262_144;
        }), Invalid, "the model needs at least 192 TiB of memory to load (5.28E+13 parameters in fp32");
        yield return new(Cfg, "intermediate_size a string", w => w.EditConfig(c => c["intermediate_size"] = "big"), Invalid,
            "field 'intermediate_size' must be a Int32, got \"big\"");
        yield return new(Cfg, "max_position_embeddings 0", w => w.EditConfig(c => c["max_position_embeddings"] = 0), Invalid,
            "field 'max_position_embeddings' is 0; it must be between 1 and 2097152");
        yield return new(Cfg, "pad_token_id outside the vocabulary", w => w.EditConfig(c => c["pad_token_id"] = 999), Invalid,
            "field 'pad_token_id' is 999; it must be a token id below vocab_size 256");
        yield return new(Cfg, "num_labels 1e6", w => w.EditConfig(c =>
        {
            c.Remove("id2label");
            c["num_labels"] = 1_000_000;
        }), Invalid, "field 'num_labels' is 1000000; it must be between 1 and 100000");
        yield return new(Cfg, "id2label key not an integer", w => w.EditConfig(c => c["id2label"] = new JsonObject { ["x"] = "a" }), Invalid,
            "id2label key 'x' is not an integer");
        yield return new(Cfg, "unknown hidden_act", w => w.EditConfig(c => c["hidden_act"] = "swish2"), Invalid,
            "hidden_act 'swish2' is not supported");
        yield return new(Cfg, "unknown model_type", w => w.EditConfig(c =>
        {
            c.Remove("architectures");
            c["model_type"] = "foo";
        }), Invalid, "unsupported model_type 'foo'");
        yield return new(Cfg, "not JSON", w => File.WriteAllText(w.Model("config.json"), "{\"hidden_size\": "), Invalid,
            "config.json: invalid JSON at line");
        yield return new(Cfg, "a JSON array", w => File.WriteAllText(w.Model("config.json"), "[]"), Invalid,
            "config.json: expected a JSON object");
        yield return new(Cfg, "missing", w => File.Delete(w.Model("config.json")), Invalid,
            "config.json: config.json not found");

        const string Tok = "tokenizer";
        yield return new(Tok, "tokenizer.json missing", w => File.Delete(w.Model("tokenizer.json")), Invalid,
            "tokenizer.json: not found (a Hugging Face fast tokenizer is required)");
        yield return new(Tok, "tokenizer.json not JSON", w => File.WriteAllText(w.Model("tokenizer.json"), "{\"model\": "), Invalid,
            "tokenizer.json: invalid JSON at line");
        yield return new(Tok, "tokenizer.json vocabulary id a string", w => File.WriteAllText(w.Model("tokenizer.json"), "{\"model\": {\"vocab\": {\"a\": \"x\"}}}"), Invalid,
            "model.vocab entry 'a' must map to a non-negative integer id, got \"x\"");
        yield return new(Tok, "tokenizer_config.json not JSON", w => File.WriteAllText(w.Model("tokenizer_config.json"), "{\"eos_token\": "), Invalid,
            "tokenizer_config.json: invalid JSON at line");
    }

    private static void OverlapAll(JsonObject header)
    {
        foreach (var (name, node) in header.Where(pair => pair.Key != "__metadata__").ToList())
        {
            var offsets = node!["data_offsets"]!.AsArray();
            var length = offsets[1]!.GetValue<long>() - offsets[0]!.GetValue<long>();
            node["data_offsets"] = new JsonArray(0, length);
        }
    }

    private static void Truncate(string path, int bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(stream.Length - bytes);
    }
}
