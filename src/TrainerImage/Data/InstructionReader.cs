using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Reads prompt/completion rows (or a messages list, rendered with the chat template; the loss is on the last
/// assistant message) into token ids with the count of prompt tokens, which the labels mask with -100.
/// </summary>
internal static class InstructionReader
{
    public static int[] Read(string file, DatasetFieldNames fields, HfTokenizer tokenizer, ChatTemplate template, long? eosId, int maxLength, TokenizedExamples examples, RowErrors errors)
    {
        var added = new List<int>();
        foreach (var record in TextRecords.Read(file, RowBound.Bytes(maxLength)))
        {
            string? problem = record.Problem;
            (string Prompt, string Full, bool AppendEos)? texts = record.Fields is { } row ? Texts(row, fields, template, out problem) : null;
            if (texts is not { } pair)
            {
                errors.Report(file, record.Line, problem ?? "unreadable row");
                continue;
            }

            var promptIds = tokenizer.Encode(pair.Prompt);
            var fullIds = tokenizer.Encode(pair.Full).ToList();
            if (pair.AppendEos && eosId is { } eos && (fullIds.Count == 0 || fullIds[^1] != eos))
            {
                fullIds.Add(eos);
            }

            // Tokens shared with the prompt's own encoding are prompt; a trailing special token of the prompt alone is not.
            var promptLength = promptIds.Zip(fullIds).TakeWhile(p => p.First == p.Second).Count();
            if (promptLength >= Math.Min(maxLength, fullIds.Count))
            {
                errors.Report(file, record.Line, promptLength >= fullIds.Count
                    ? "the completion is empty"
                    : $"the prompt ({promptLength} tokens) leaves no room for the completion within maxSequenceLength {maxLength}");
                continue;
            }

            var ids = fullIds.Take(maxLength).Select(id => (int)id).ToArray();
            added.Add(examples.Add(ids, promptLength));
        }

        return [.. added];
    }

    private static (string Prompt, string Full, bool AppendEos)? Texts(JsonObject row, DatasetFieldNames fields, ChatTemplate template, out string? problem)
    {
        if (row.ContainsKey(fields.Prompt) || !row.ContainsKey(fields.Messages))
        {
            var prompt = RecordFields.Text(row, fields.Prompt, "prompt", out problem);
            var completion = problem is null ? RecordFields.Text(row, fields.Completion, "completion", out problem) : null;
            if (prompt is null || completion is null)
            {
                problem = problem is not null && !row.ContainsKey(fields.Prompt)
                    ? $"expected prompt and completion fields ('{fields.Prompt}', '{fields.Completion}') or a messages list ('{fields.Messages}')"
                    : problem;
                return null;
            }

            return (prompt, prompt + completion, true);
        }

        var messages = Messages(row[fields.Messages], fields.Messages, out problem);
        if (messages is null)
        {
            return null;
        }

        return (template.Render(messages[..^1], addGenerationPrompt: true), template.Render(messages, addGenerationPrompt: false), template.AppendsEos);
    }

    private static List<ChatMessage>? Messages(JsonNode? node, string name, out string? problem)
    {
        problem = null;
        if (node is not JsonArray array || array.Count == 0)
        {
            problem = $"the messages field '{name}' must be a non-empty list of {{role, content}}";
            return null;
        }

        var messages = new List<ChatMessage>();
        foreach (var item in array)
        {
            if (item is not JsonObject message
                || message["role"] is not JsonValue role || role.GetValueKind() != JsonValueKind.String
                || message["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String
                || role.GetValue<string>() is not ("system" or "user" or "assistant"))
            {
                problem = $"message {messages.Count + 1} of '{name}' must be {{\"role\": system|user|assistant, \"content\": text}}";
                return null;
            }

            messages.Add(new ChatMessage(role.GetValue<string>(), content.GetValue<string>()));
        }

        if (messages[^1].Role != "assistant")
        {
            problem = $"the last message of '{name}' must be the assistant's (it is what the model learns to answer)";
            return null;
        }

        return messages;
    }
}
