namespace KubeTune.Operator.Tests.Packaging;

/// <summary>TestData/operator-api-calls.txt: the one list of the API calls the operator makes.</summary>
internal static class OperatorApiCalls
{
    public const string RelativePath = "tests/Operator.Tests/Packaging/TestData/operator-api-calls.txt";

    public static IReadOnlySet<Permission> Load()
    {
        var permissions = new HashSet<Permission>();
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, RelativePath));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3)
            {
                throw new FormatException($"{RelativePath}:{i + 1}: expected GROUP RESOURCE VERB..., got \"{line}\"");
            }

            var group = fields[0] == "core" ? "" : fields[0];
            foreach (var verb in fields.Skip(2))
            {
                permissions.Add(new Permission(group, fields[1], verb));
            }
        }

        return permissions;
    }
}
