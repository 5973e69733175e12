using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeTune.Contracts;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Controllers.Serving;

/// <summary>
/// Builds the KServe InferenceService that serves a succeeded job's output (pure): the Hugging Face model format,
/// storageUri the output's pvc:// location, --task from the job's task. A causal-lm or instruction adapter is served
/// on its base model by the vLLM backend (--enable-lora); a classification adapter, which that runtime cannot take,
/// through the merged model the trainer writes beside it. Owned by the FineTuneJob, named as it is.
/// </summary>
public static partial class InferenceServiceBuilder
{
    /// <param name="defaultGpuResourceName">The GPU resource when spec.serving.resources names none (the operator's setting).</param>
    public static InferenceServicePlan Build(FineTuneJob job, string defaultGpuResourceName)
    {
        var serving = job.Spec.Serving ?? throw new ArgumentException("the job has no spec.serving", nameof(job));
        var name = job.Metadata.Name;
        if (!Dns1035Label().IsMatch(name))
        {
            return InferenceServicePlan.Unsupported(ConditionReasons.ServingUnsupported,
                $"KServe needs an InferenceService name that is a DNS-1035 label (lower case letters, digits and '-', starting with a letter, at most 63 characters); '{name}' is not");
        }

        var output = StorageUri.TryParse(job.Spec.Output.Uri, out var parsed, out _) ? parsed : null;
        if (output is not { IsPvc: true })
        {
            return InferenceServicePlan.Unsupported(ConditionReasons.ServingUnsupported,
                $"spec.output.uri {job.Spec.Output.Uri} is not a pvc:// location, which KServe's storage initializer can mount");
        }

        var task = job.Spec.Task;
        var runtimeTask = task switch
        {
            FineTuneTask.TextClassification => "sequence_classification",
            FineTuneTask.CausalLm or FineTuneTask.Instruction => "text_generation",
            _ => null,
        };
        if (runtimeTask is null && serving.Runtime is null)
        {
            return InferenceServicePlan.Unsupported(ConditionReasons.ServingUnsupported,
                $"KServe's Hugging Face runtime serves no {task} task; name a ServingRuntime that does in spec.serving.runtime");
        }

        var model = new JsonObject { ["modelFormat"] = new JsonObject { ["name"] = InferenceServices.HuggingFaceFormat } };
        if (serving.Runtime is { } runtime)
        {
            model["runtime"] = runtime;
        }

        var args = new List<string> { $"--model_name={name}" };
        if (runtimeTask is not null)
        {
            args.Add($"--task={runtimeTask}");
        }

        var predictor = new JsonObject();
        var adapter = job.Spec.Output.Format == OutputFormat.PeftAdapter;
        if (adapter && runtimeTask == "text_generation")
        {
            if (BaseModelStorageUri(job.Spec.Model.Uri) is not { } baseUri)
            {
                return InferenceServicePlan.Unsupported(ConditionReasons.ServingUnsupported,
                    $"the adapter's base model {job.Spec.Model.Uri} is not a pvc:// or hf:// location KServe can download; write a merged model (output.format safetensors) to serve it");
            }

            // The base under --model_dir, the adapter beside it; requests name the adapter (the job) to use it.
            var adapterPath = $"{InferenceServices.AdapterMountPath}/{name}";
            predictor["storageUris"] = new JsonArray(
                new JsonObject { ["uri"] = baseUri, ["mountPath"] = InferenceServices.ModelMountPath },
                new JsonObject { ["uri"] = output.Original, ["mountPath"] = adapterPath });
            args[0] = $"--model_name={name}-base";
            args.AddRange(["--backend=vllm", "--enable-lora", "--lora-modules", $"{name}={adapterPath}"]);
        }
        else
        {
            model["storageUri"] = adapter ? $"{output.Original.TrimEnd('/')}/{OutputFormat.MergedSubdirectory}" : output.Original;
        }

        model["args"] = new JsonArray(args.Select(arg => (JsonNode?)arg).ToArray());
        if (Resources(serving.Resources, defaultGpuResourceName) is { } resources)
        {
            model["resources"] = resources;
        }

        if (serving.MinReplicas is { } min)
        {
            predictor["minReplicas"] = min;
        }

        if (serving.MaxReplicas is { } max)
        {
            predictor["maxReplicas"] = max;
        }

        predictor["model"] = model;
        var owner = ConfigMapBuilder.OwnerReferenceFor(job);
        return InferenceServicePlan.Of(new JsonObject
        {
            ["apiVersion"] = InferenceServices.GroupVersion,
            ["kind"] = InferenceServices.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = job.Metadata.NamespaceProperty,
                ["labels"] = new JsonObject
                {
                    [ChildLabels.ManagedBy] = ChildLabels.ManagedByValue,
                    [ChildLabels.Job] = name,
                },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = owner.ApiVersion,
                    ["kind"] = owner.Kind,
                    ["name"] = owner.Name,
                    ["uid"] = owner.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject { ["predictor"] = predictor },
        });
    }

    /// <summary>The base model as KServe's storage initializer names it: pvc:// as it is, hf://ORG/NAME@REV as hf://ORG/NAME:REV.</summary>
    private static string? BaseModelStorageUri(string uri)
    {
        if (!StorageUri.TryParse(uri, out var parsed, out _))
        {
            return null;
        }

        return parsed.Scheme switch
        {
            StorageScheme.Pvc => parsed.Original,
            StorageScheme.HuggingFace => parsed.Revision == StorageUri.DefaultRevision
                ? $"{StorageUri.HuggingFacePrefix}{parsed.Repository}"
                : $"{StorageUri.HuggingFacePrefix}{parsed.Repository}:{parsed.Revision}",
            _ => null,
        };
    }

    private static JsonObject? Resources(ResourcesSpec? spec, string defaultGpuResourceName)
    {
        if (spec is null)
        {
            return null;
        }

        var amounts = new JsonObject();
        if (spec.Cpu is { } cpu)
        {
            amounts["cpu"] = cpu.ToString();
        }

        if (spec.Memory is { } memory)
        {
            amounts["memory"] = memory.ToString();
        }

        if (spec.Gpus is > 0 and var gpus)
        {
            amounts[spec.GpuResourceName ?? defaultGpuResourceName] = gpus.ToString(CultureInfo.InvariantCulture);
        }

        return amounts.Count == 0 ? null : new JsonObject { ["requests"] = amounts.DeepClone(), ["limits"] = amounts };
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Dns1035Label();
}
