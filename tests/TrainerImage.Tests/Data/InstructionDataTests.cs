using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Data;

public sealed class InstructionDataTests : IDisposable
{
    private const long Ignored = -100;

    private readonly TempDirectory directory = new();
    private readonly string llama = DataTestSetup.ModelDirectory("llama");

    [Fact]
    public void Prepare_PromptAndCompletion_LossOnlyOnCompletionTokens()
    {
        var file = directory.Write("train.jsonl", "{\"prompt\": \"Translate to French: cat\\n\", \"completion\": \"chat\"}\n{\"prompt\": \"Q: 2+2?\\nA:\", \"completion\": \" four, as everyone knows\"}\n");
        using var tokenizer = HfTokenizer.Load(llama);

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.Instruction, file), llama, file);
        using var batch = data.Train.InOrder(2).Single();
        var ids = DataTestSetup.Rows(batch.Inputs.InputIds!);
        var labels = DataTestSetup.Rows(batch.Inputs.Labels!);
        var mask = DataTestSetup.Rows(batch.Inputs.AttentionMask!);

        for (var row = 0; row < 2; row++)
        {
            var promptLength = tokenizer.Encode(row == 0 ? "Translate to French: cat\n" : "Q: 2+2?\nA:").Length;
            var length = (int)mask[row].Sum();
            Assert.All(labels[row][..promptLength], label => Assert.Equal(Ignored, label));
            Assert.Equal(ids[row][promptLength..length], labels[row][promptLength..length]);
            Assert.All(labels[row][length..], label => Assert.Equal(Ignored, label));
            Assert.All(ids[row][length..], id => Assert.Equal(tokenizer.PadTokenId, id));
        }

        var completion = labels[1].Where(label => label != Ignored).ToArray();
        Assert.Equal(" four, as everyone knows", tokenizer.Decode(completion));
    }

    [Fact]
    public void Prepare_MessagesWithChatMlTemplate_LossOnlyOnTheAssistantAnswer()
    {
        var model = ModelWithTemplate("{% for m in messages %}<|im_start|>{{ m.role }}\\n{{ m.content }}<|im_end|>\\n{% endfor %}");
        var file = directory.Write("chat.jsonl", "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Capital of France?\"}, {\"role\": \"assistant\", \"content\": \"Paris.\"}]}\n");
        using var tokenizer = HfTokenizer.Load(model);

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.Instruction, file, maxSequenceLength: 512), model, file);
        using var batch = data.Train.InOrder(1).Single();
        var ids = DataTestSetup.Rows(batch.Inputs.InputIds!)[0];
        var labels = DataTestSetup.Rows(batch.Inputs.Labels!)[0];

        var expected = tokenizer.Encode("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nCapital of France?<|im_end|>\n<|im_start|>assistant\nParis.<|im_end|>\n");
        Assert.Equal(expected, ids);
        var learned = labels.Where(label => label != Ignored).ToArray();
        Assert.Equal(ids[^learned.Length..], learned);
        Assert.StartsWith("Paris.", tokenizer.Decode(learned), StringComparison.Ordinal);
        Assert.DoesNotContain("Capital", tokenizer.Decode(learned), StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_MessagesWithChatTemplateJinjaFile_TheFileWinsOverTheDefaultFormat()
    {
        // As transformers 5 saves it: chat_template.jinja beside a tokenizer_config.json without chat_template.
        var model = ModelWithTemplate(null);
        File.WriteAllText(Path.Combine(model, "chat_template.jinja"), "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}");
        var file = directory.Write("chat.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"Capital of France?\"}, {\"role\": \"assistant\", \"content\": \"Paris.\"}]}\n");
        using var tokenizer = HfTokenizer.Load(model);

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.Instruction, file, maxSequenceLength: 512), model, file);
        using var batch = data.Train.InOrder(1).Single();

        var expected = tokenizer.Encode("<|im_start|>user\nCapital of France?<|im_end|>\n<|im_start|>assistant\nParis.<|im_end|>\n");
        Assert.Equal(expected, DataTestSetup.Rows(batch.Inputs.InputIds!)[0]);
    }

    [Fact]
    public void Prepare_UnrecognisedChatTemplateJinjaFile_InputErrorNamesThatFile()
    {
        var model = ModelWithTemplate(null);
        File.WriteAllText(Path.Combine(model, "chat_template.jinja"), "{% for m in messages %}### {{ m.role }}: {{ m.content }}{% endfor %}");
        var file = directory.Write("chat.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"hello\"}]}\n");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.Instruction, file), model, file));

        Assert.Contains("chat_template.jinja: chat_template is not one this trainer renders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_UnrecognisedChatTemplate_InputErrorNamesTheFileAndTheWayOut()
    {
        var model = ModelWithTemplate("{% for m in messages %}### {{ m.role }}: {{ m.content }}{% endfor %}");
        var file = directory.Write("chat.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"hello\"}]}\n");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.Instruction, file), model, file));

        Assert.Contains("tokenizer_config.json: chat_template", error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt/completion", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "must be the assistant's")]
    [InlineData("{\"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]}", "message 1 of 'messages'")]
    [InlineData("{\"question\": \"hi\"}", "expected prompt and completion fields")]
    [InlineData("{\"prompt\": \"a very long prompt that goes on and on and on\", \"completion\": \"x\"}", "leaves no room for the completion")]
    public void Prepare_BadInstructionRow_InputErrorNamesLineAndReason(string row, string reason)
    {
        var file = directory.Write("train.jsonl", "{\"prompt\": \"p\", \"completion\": \"c\"}\n" + row + "\n");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.Instruction, file, maxSequenceLength: 6), llama, file));

        Assert.StartsWith($"{file}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();

    private string ModelWithTemplate(string? template)
    {
        var model = Path.Combine(directory.Path, "model-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(model);
        File.Copy(Path.Combine(llama, "tokenizer.json"), Path.Combine(model, "tokenizer.json"));
        var settings = new Dictionary<string, object> { ["eos_token"] = "<|endoftext|>" };
        if (template is not null)
        {
            settings["chat_template"] = template.Replace("\\n", "\n", StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(model, "tokenizer_config.json"), System.Text.Json.JsonSerializer.Serialize(settings));
        return model;
    }
}
