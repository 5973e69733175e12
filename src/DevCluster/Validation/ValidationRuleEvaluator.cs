using System.Text.Json.Nodes;
using KubeTune.DevCluster.Validation.Cel;

namespace KubeTune.DevCluster.Validation;

/// <summary>Evaluates x-kubernetes-validations (CEL) rules on every node that declares them; transition rules (oldSelf) only on update.</summary>
internal static class ValidationRuleEvaluator
{
    /// <summary>Runs the rules; nodes at or above a structural error are skipped, so a rule never sees ill-typed data.</summary>
    public static void ValidateRoot(SchemaNode schema, JsonObject root, JsonObject? oldRoot, IReadOnlyList<FieldError> structuralErrors, List<FieldError> errors)
    {
        var walk = new Walk(structuralErrors, errors);
        walk.Visit(schema, root, oldRoot, oldRoot is not null, "", isRoot: true);
    }

    private sealed class Walk(IReadOnlyList<FieldError> structuralErrors, List<FieldError> errors)
    {
        public void Visit(SchemaNode schema, JsonNode? node, JsonNode? oldNode, bool hasOld, string path, bool isRoot)
        {
            if (node is null)
            {
                return;
            }
            if (!structuralErrors.Any(e => SchemaPaths.IsWithin(e.Path, path)))
            {
                RunRules(schema, node, oldNode, hasOld, path, isRoot);
            }
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        if (isRoot && name is "apiVersion" or "kind" or "metadata")
                        {
                            continue;
                        }
                        if (schema.Property(name) is { } child)
                        {
                            var oldObj = oldNode as JsonObject;
                            var oldHasChild = hasOld && oldObj is not null && oldObj.ContainsKey(name);
                            Visit(child, value, oldHasChild ? oldObj![name] : null, oldHasChild, SchemaPaths.Child(path, name, schema), isRoot: false);
                        }
                    }
                    break;
                case JsonArray array when schema.Items is { } items:
                    for (var i = 0; i < array.Count; i++)
                    {
                        var oldItem = hasOld ? CorrelatedItem(schema, array[i], oldNode as JsonArray) : null;
                        Visit(items, array[i], oldItem, oldItem is not null, $"{path}[{i}]", isRoot: false);
                    }
                    break;
            }
        }

        // Only listType=map items have an identity across updates (their map keys), as in Kubernetes.
        private static JsonNode? CorrelatedItem(SchemaNode schema, JsonNode? item, JsonArray? oldArray)
        {
            if (schema.ListType != "map" || oldArray is null)
            {
                return null;
            }
            var key = StructuralValidator.ListMapKey(schema, item);
            return oldArray.FirstOrDefault(old => JsonValues.DeepEquals(StructuralValidator.ListMapKey(schema, old), key));
        }

        private void RunRules(SchemaNode schema, JsonNode node, JsonNode? oldNode, bool hasOld, string path, bool isRoot)
        {
            object? self = null;
            object? oldSelf = null;
            var converted = false;
            foreach (var rule in schema.ValidationRules)
            {
                var text = rule["rule"]?.GetValue<string>() ?? "";
                CelProgram program;
                try
                {
                    program = CelProgram.Parse(text);
                }
                catch (CelException e)
                {
                    errors.Add(FieldErrors.Invalid(path, $"\"{schema.DisplayType}\"", $"compilation failed: {e.Message} in rule: {text}"));
                    continue;
                }
                var isTransition = program.References("oldSelf");
                if (isTransition && !hasOld)
                {
                    continue;
                }
                if (!converted)
                {
                    self = CelValues.FromJson(node, schema, isRoot);
                    oldSelf = hasOld ? CelValues.FromJson(oldNode, schema, isRoot) : null;
                    converted = true;
                }
                var variables = new Dictionary<string, object?> { ["self"] = self };
                if (isTransition)
                {
                    variables["oldSelf"] = oldSelf;
                }
                Check(schema, rule, program, variables, path);
            }
        }

        private void Check(SchemaNode schema, JsonObject rule, CelProgram program, Dictionary<string, object?> variables, string path)
        {
            var fieldPath = SchemaPaths.Append(path, rule["fieldPath"]?.GetValue<string>() ?? "");
            object? result;
            try
            {
                result = program.Evaluate(variables);
            }
            catch (CelException e)
            {
                errors.Add(FieldErrors.Invalid(fieldPath, $"\"{schema.DisplayType}\"", $"{e.Message} evaluating rule: {program.Source}"));
                return;
            }
            if (result is true)
            {
                return;
            }
            if (result is not false)
            {
                errors.Add(FieldErrors.Invalid(fieldPath, $"\"{schema.DisplayType}\"", $"rule did not evaluate to a bool: {program.Source}"));
                return;
            }
            var message = Message(rule, program, variables);
            errors.Add((rule["reason"]?.GetValue<string>()) switch
            {
                "FieldValueForbidden" => FieldErrors.Forbidden(fieldPath, message),
                "FieldValueRequired" => FieldErrors.Required(fieldPath, message),
                "FieldValueDuplicate" => new FieldError(fieldPath, "FieldValueDuplicate", $"Duplicate value: {message}"),
                _ => FieldErrors.Invalid(fieldPath, $"\"{schema.DisplayType}\"", message),
            });
        }

        // messageExpression wins when it yields a non-empty string; otherwise message, otherwise the rule itself.
        private static string Message(JsonObject rule, CelProgram program, Dictionary<string, object?> variables)
        {
            var fallback = rule["message"]?.GetValue<string>() is { Length: > 0 } message ? message : $"failed rule: {program.Source}";
            if (rule["messageExpression"]?.GetValue<string>() is not { Length: > 0 } expression)
            {
                return fallback;
            }
            try
            {
                return CelProgram.Parse(expression).Evaluate(variables) is string { Length: > 0 } text ? text : fallback;
            }
            catch (CelException)
            {
                return fallback;
            }
        }
    }
}
