namespace KubeTune.Contracts;

/// <summary>The JSON keys or CSV columns of each input (dataset.fields), defaults applied.</summary>
public sealed record DatasetFieldNames(
    string Text = Defaults.TextField,
    string Label = Defaults.LabelField,
    string Prompt = Defaults.PromptField,
    string Completion = Defaults.CompletionField,
    string Image = Defaults.ImageField,
    string Messages = Defaults.MessagesField);
