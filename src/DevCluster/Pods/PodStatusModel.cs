using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// What the kubelet reports for one pod, kept between writes so that condition transition times only move when
/// a condition changes. Only the first container is run and reported.
/// </summary>
internal sealed class PodStatusModel(JsonObject pod, TimeProvider time)
{
    public const string NodeName = "devcluster";
    public const string LocalAddress = "127.0.0.1";

    private readonly Dictionary<string, JsonObject> _conditions = new(StringComparer.Ordinal);
    private readonly string _startTime = ObjectMetadata.FormatTime(time.GetUtcNow());
    private readonly JsonObject _container = pod["spec"]?["containers"]?[0] as JsonObject ?? [];
    private string _phase = "Pending";
    private JsonObject _state = new() { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } };
    private JsonObject? _lastState;
    private string? _reason;
    private string? _message;
    private bool _ready;

    public int RestartCount { get; private set; }

    public string Now => ObjectMetadata.FormatTime(time.GetUtcNow());

    public void Scheduled()
    {
        SetCondition("PodScheduled", true);
        SetCondition("Initialized", true);
        SetCondition("PodReadyToStartContainers", true);
        SetReady(false);
    }

    public void Waiting(string reason, string? message = null)
    {
        _state = new JsonObject { ["waiting"] = WithMessage(new JsonObject { ["reason"] = reason }, message) };
        SetReady(false);
    }

    public void Running(string startedAt)
    {
        _phase = "Running";
        _state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } };
        SetReady(true);
    }

    public void Terminated(int exitCode, string reason, string startedAt, string? message = null)
    {
        var terminated = new JsonObject
        {
            ["exitCode"] = exitCode,
            ["reason"] = reason,
            ["startedAt"] = startedAt,
            ["finishedAt"] = Now,
            ["containerID"] = ContainerId,
        };
        _state = new JsonObject { ["terminated"] = WithMessage(terminated, message) };
        SetReady(false);
    }

    /// <summary>The container restarts in place (restartPolicy OnFailure or Always): the last state is kept.</summary>
    public void Restarting()
    {
        _lastState = _state;
        RestartCount++;
        _phase = "Running";
        Waiting("CrashLoopBackOff", $"back-off restarting failed container {ContainerName}");
    }

    public void Finished(bool succeeded)
    {
        _phase = succeeded ? "Succeeded" : "Failed";
        SetReady(false);
    }

    /// <summary>The pod was disrupted (evicted or preempted): condition DisruptionTarget with the given reason.</summary>
    public void Disrupted(string conditionReason, string message, string? podReason)
    {
        SetCondition("DisruptionTarget", true, conditionReason, message);
        _reason = podReason;
        _message = message;
    }

    public string ContainerName => _container["name"]?.GetValue<string>() ?? "";

    public string Image => _container["image"]?.GetValue<string>() ?? "";

    private string ContainerId => $"devcluster://{ObjectMetadata.Uid(pod)}-{RestartCount}";

    public JsonObject ToJson()
    {
        var status = new JsonObject
        {
            ["phase"] = _phase,
            ["conditions"] = new JsonArray([.. _conditions.Values.Select(condition => (JsonNode?)condition.DeepClone())]),
            ["hostIP"] = LocalAddress,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = LocalAddress }),
            ["podIP"] = LocalAddress,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = LocalAddress }),
            ["startTime"] = _startTime,
            ["qosClass"] = "BestEffort",
        };
        if (_reason is not null)
        {
            status["reason"] = _reason;
            status["message"] = _message;
        }

        var containerStatus = new JsonObject
        {
            ["name"] = ContainerName,
            ["image"] = Image,
            ["imageID"] = _state.ContainsKey("waiting") && RestartCount == 0 ? "" : $"devcluster://{Image}",
            ["ready"] = _ready,
            ["started"] = _state.ContainsKey("running"),
            ["restartCount"] = RestartCount,
            ["state"] = _state.DeepClone(),
            ["lastState"] = _lastState?.DeepClone() ?? new JsonObject(),
        };
        if (!_state.ContainsKey("waiting") || RestartCount > 0)
        {
            containerStatus["containerID"] = ContainerId;
        }

        status["containerStatuses"] = new JsonArray(containerStatus);
        return status;
    }

    private void SetReady(bool ready)
    {
        _ready = ready;
        SetCondition("ContainersReady", ready);
        SetCondition("Ready", ready);
    }

    private void SetCondition(string type, bool value, string? reason = null, string? message = null)
    {
        var status = value ? "True" : "False";
        if (_conditions.TryGetValue(type, out var existing) && existing["status"]?.GetValue<string>() == status)
        {
            return;
        }

        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Now,
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
            condition["message"] = message;
        }

        _conditions[type] = condition;
    }

    private static JsonObject WithMessage(JsonObject state, string? message)
    {
        if (message is not null)
        {
            state["message"] = message;
        }

        return state;
    }
}
