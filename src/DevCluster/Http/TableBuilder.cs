using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Http;

/// <summary>Builds meta.k8s.io/v1 Tables: Name, then the CRD's additionalPrinterColumns; built-in kinds get the API server's columns (Name and Age for the rest).</summary>
public sealed class TableBuilder(TimeProvider time)
{
    public JsonObject Build(ResourceType type, IEnumerable<JsonObject> objects, long resourceVersion, bool includeFullObject)
    {
        var columns = Columns(type);
        var definitions = new JsonArray();
        foreach (var column in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var column in columns)
            {
                cells.Add(Cell(column, obj));
            }

            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = includeFullObject ? obj.DeepClone() : PartialMetadata(obj) });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static IReadOnlyList<TableColumn> Columns(ResourceType type)
    {
        if (BuiltInColumns.For(type) is { } builtIn)
        {
            return builtIn;
        }

        var columns = new List<TableColumn> { new("Name", "string", "name", "Name must be unique within a namespace.", 0, ".metadata.name") };
        if (type.PrinterColumns is { Count: > 0 } printerColumns)
        {
            foreach (var column in printerColumns.OfType<JsonObject>())
            {
                columns.Add(new TableColumn(
                    column["name"]?.ToString() ?? "",
                    column["type"]?.ToString() ?? "string",
                    column["format"]?.ToString() ?? "",
                    column["description"]?.ToString() ?? "",
                    int.TryParse(column["priority"]?.ToString(), CultureInfo.InvariantCulture, out var priority) ? priority : 0,
                    column["jsonPath"]?.ToString() ?? ""));
            }
        }
        else
        {
            columns.Add(new TableColumn("Age", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, ".metadata.creationTimestamp"));
        }

        return columns;
    }

    private JsonNode? Cell(TableColumn column, JsonObject obj)
    {
        if (column.Value is { } compute)
        {
            return compute(obj, time.GetUtcNow());
        }

        var value = SimpleJsonPath.Evaluate(obj, column.JsonPath);
        if (value is null)
        {
            return null;
        }

        if (column.Type == "date")
        {
            return DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                ? HumanDuration.Format(time.GetUtcNow() - when)
                : value.ToString();
        }

        if (value is JsonValue scalar)
        {
            return column.Type switch
            {
                "integer" when long.TryParse(scalar.ToString(), CultureInfo.InvariantCulture, out var integer) => integer,
                "number" when double.TryParse(scalar.ToString(), CultureInfo.InvariantCulture, out var number) => number,
                "boolean" when scalar.TryGetValue<bool>(out var flag) => flag,
                _ => value.ToString(),
            };
        }

        return value.ToJsonString();
    }

    private static JsonObject PartialMetadata(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };
}
