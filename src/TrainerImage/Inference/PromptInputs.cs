using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Data;

namespace KubeTune.Trainer.Inference;

/// <summary>
/// Prompts for generation, rendered as training rendered them: a .txt file (one prompt per line), or .jsonl/.csv rows
/// with a prompt field (used as it is, as prompt/completion training data is) or a messages list (rendered with the
/// model's chat template, ending where the assistant's answer begins).
/// </summary>
internal static class PromptInputs
{
    /// <summary>The prompts in input order: what the row said, and the text the model continues.</summary>
    public static IReadOnlyList<(JsonNode Input, string Text)> Read(string path, ChatTemplate template, string promptField, string messagesField)
    {
        if (Path.GetExtension(path).Equals(".txt", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            return File.ReadLines(path).Where(line => line.Length > 0).Select(line => ((JsonNode)JsonValue.Create(line), line)).ToList();
        }

        var file = TextRecords.FindFile(path, "--input");
        var prompts = new List<(JsonNode, string)>();
        foreach (var record in TextRecords.Read(file, RowBound.MinBytes * 16))
        {
            var location = RowErrors.Location(file, record.Line);
            var row = record.Fields ?? throw new InvalidInputException($"{location}: {record.Problem}");
            if (row.ContainsKey(promptField) || !row.ContainsKey(messagesField))
            {
                var prompt = RecordFields.Text(row, promptField, "prompt", out var problem)
                    ?? throw new InvalidInputException($"{location}: {problem}; give '{promptField}' (--prompt-field) or a '{messagesField}' list");
                prompts.Add((JsonValue.Create(prompt), prompt));
                continue;
            }

            var messages = Messages(row[messagesField], messagesField, location);
            prompts.Add((row[messagesField]!.DeepClone(), template.Render(messages, addGenerationPrompt: true)));
        }

        return prompts.Count > 0 ? prompts : throw new InvalidInputException($"{file}: holds no prompts");
    }

    private static List<ChatMessage> Messages(JsonNode? node, string name, string location)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            throw new InvalidInputException($"{location}: the messages field '{name}' must be a non-empty list of {{role, content}}");
        }

        return array.Select((item, index) => item is JsonObject message
                && message["role"] is JsonValue role && role.GetValueKind() == JsonValueKind.String
                && role.GetValue<string>() is "system" or "user" or "assistant"
                && message["content"] is JsonValue content && content.GetValueKind() == JsonValueKind.String
            ? new ChatMessage(role.GetValue<string>(), content.GetValue<string>())
            : throw new InvalidInputException($"{location}: message {index + 1} of '{name}' must be {{\"role\": system|user|assistant, \"content\": text}}")).ToList();
    }
}
