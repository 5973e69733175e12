using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Renders chat messages as the model's chat template would. The Jinja template (chat_template.jinja, else
/// tokenizer_config.json's chat_template) is recognised by
/// its markers (ChatML, Llama 3, Zephyr, Llama 2/Mistral [INST]) rather than interpreted; without a template the
/// default is "&lt;|user|&gt;\nTEXT\n&lt;|assistant|&gt;\nTEXT\n" followed by EOS. Other templates are an input error.
/// </summary>
internal sealed class ChatTemplate
{
    private readonly string format;
    private readonly string eosText;

    private ChatTemplate(string format, string eosText)
    {
        this.format = format;
        this.eosText = eosText;
    }

    public const string DefaultFormat = "default";

    /// <summary>Whether the rendering ends without an end-of-sequence marker, so the reader appends EOS.</summary>
    public bool AppendsEos => format == DefaultFormat;

    public string Name => format;

    /// <summary>transformers 5 saves the chat template in its own file, which wins over tokenizer_config.json's chat_template.</summary>
    public const string TemplateFileName = "chat_template.jinja";

    public static ChatTemplate Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "tokenizer_config.json");
        var templatePath = Path.Combine(modelDirectory, TemplateFileName);
        var templateFile = File.Exists(templatePath) ? File.ReadAllText(templatePath) : null;
        if (!File.Exists(path))
        {
            return new ChatTemplate(templateFile is null ? DefaultFormat : Recognise(templateFile, templatePath), "");
        }

        JsonObject? settings;
        try
        {
            settings = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }

        var eos = settings?["eos_token"] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonObject added => added["content"]?.GetValue<string>() ?? "",
            _ => "",
        };
        var template = settings?["chat_template"] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonArray named => named.OfType<JsonObject>().FirstOrDefault(entry => entry["name"]?.GetValue<string>() == "default")?["template"]?.GetValue<string>(),
            _ => null,
        };
        return templateFile is not null ? new ChatTemplate(Recognise(templateFile, templatePath), eos) : new ChatTemplate(Recognise(template, path), eos);
    }

    /// <summary>The text of the messages; with <paramref name="addGenerationPrompt"/> it ends where the assistant's answer begins.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var text = new StringBuilder();
        var system = format == "inst" ? messages.FirstOrDefault(message => message.Role == "system")?.Content : null;
        foreach (var message in messages)
        {
            text.Append(format switch
            {
                "chatml" => $"<|im_start|>{message.Role}\n{message.Content}<|im_end|>\n",
                "llama3" => $"<|start_header_id|>{message.Role}<|end_header_id|>\n\n{message.Content.Trim()}<|eot_id|>",
                "zephyr" => $"<|{message.Role}|>\n{message.Content}{eosText}\n",
                "inst" => Inst(message, ref system),
                _ => $"<|{message.Role}|>\n{message.Content}\n",
            });
        }

        if (addGenerationPrompt)
        {
            text.Append(format switch
            {
                "chatml" => "<|im_start|>assistant\n",
                "llama3" => "<|start_header_id|>assistant<|end_header_id|>\n\n",
                "zephyr" or DefaultFormat => "<|assistant|>\n",
                _ => "",
            });
        }

        return text.ToString();
    }

    private string Inst(ChatMessage message, ref string? system)
    {
        switch (message.Role)
        {
            case "system":
                return "";
            case "user":
                var content = system is null ? message.Content : $"{system}\n\n{message.Content}";
                system = null;
                return $"[INST] {content} [/INST]";
            default:
                return $" {message.Content}{eosText}";
        }
    }

    private static string Recognise(string? template, string path)
    {
        if (template is null)
        {
            return DefaultFormat;
        }

        if (template.Contains("<|im_start|>", StringComparison.Ordinal))
        {
            return "chatml";
        }

        if (template.Contains("<|start_header_id|>", StringComparison.Ordinal))
        {
            return "llama3";
        }

        if (template.Contains("<|user|>", StringComparison.Ordinal) && template.Contains("<|assistant|>", StringComparison.Ordinal))
        {
            return "zephyr";
        }

        if (template.Contains("[INST]", StringComparison.Ordinal))
        {
            return "inst";
        }

        throw new InvalidInputException(
            $"{path}: chat_template is not one this trainer renders (ChatML, Llama 3, Zephyr, [INST]); "
            + "use prompt/completion fields, or remove chat_template to use the default <|user|>/<|assistant|> format");
    }
}
