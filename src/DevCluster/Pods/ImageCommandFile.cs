using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// Reads an image mapping file (YAML or JSON): <c>IMAGE: {command: [ARG, ...], workingDir: DIR}</c> per image.
/// Mistakes throw <see cref="FormatException"/> naming the file, the line and the field.
/// </summary>
public static class ImageCommandFile
{
    public static IReadOnlyDictionary<string, ImageCommand> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image mapping file {path} does not exist", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyDictionary<string, ImageCommand> Parse(string text, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            throw new FormatException($"{fileName}:{error.Start.Line}: not valid YAML or JSON: {error.Message}", error);
        }

        var images = new Dictionary<string, ImageCommand>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return images;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(fileName, stream.Documents[0].RootNode, "the file should map each image to {command: [...], workingDir: ...}");
        }

        foreach (var (key, value) in root.Children)
        {
            var image = (key as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(image))
            {
                throw Error(fileName, key, "an image name should be a non-empty string");
            }

            images[image] = ParseEntry(fileName, image, value);
        }

        return images;
    }

    private static ImageCommand ParseEntry(string fileName, string image, YamlNode node)
    {
        if (node is not YamlMappingNode entry)
        {
            throw Error(fileName, node, $"{image}: should be a mapping with command and optional workingDir");
        }

        List<string>? command = null;
        string? workingDir = null;
        foreach (var (key, value) in entry.Children)
        {
            var field = (key as YamlScalarNode)?.Value;
            switch (field)
            {
                case "command" when value is YamlSequenceNode items:
                    command = [.. items.Children.Select(item => item is YamlScalarNode { Value: { } arg } ? arg : throw Error(fileName, item, $"{image}.command: every item should be a string"))];
                    break;
                case "command":
                    throw Error(fileName, value, $"{image}.command: should be a list of strings");
                case "workingDir" when value is YamlScalarNode { Value: { Length: > 0 } dir }:
                    workingDir = dir;
                    break;
                case "workingDir":
                    throw Error(fileName, value, $"{image}.workingDir: should be a non-empty string");
                default:
                    throw Error(fileName, key, $"{image}: unknown field \"{field}\"; expected command or workingDir");
            }
        }

        if (command is null || command.Count == 0)
        {
            throw Error(fileName, node, $"{image}.command: required, a non-empty list of strings");
        }

        return new ImageCommand(command, workingDir);
    }

    private static FormatException Error(string fileName, YamlNode node, string message) => new($"{fileName}:{node.Start.Line}: {message}");
}
