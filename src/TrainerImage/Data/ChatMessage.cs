namespace KubeTune.Trainer.Data;

/// <summary>One turn of a chat-style instruction example.</summary>
internal sealed record ChatMessage(string Role, string Content);
