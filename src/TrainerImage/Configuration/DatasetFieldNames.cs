namespace KubeTune.Trainer.Configuration;

/// <summary>The JSON keys or CSV columns of each input (dataset.fields), defaults applied.</summary>
public sealed record DatasetFieldNames(
    string Text = "text",
    string Label = "label",
    string Prompt = "prompt",
    string Completion = "completion",
    string Image = "image",
    string Messages = "messages");
