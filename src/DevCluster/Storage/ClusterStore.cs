using System.Text.Json.Nodes;
using KubeTune.DevCluster.Selection;
using KubeTune.DevCluster.Validation;

namespace KubeTune.DevCluster.Storage;

/// <summary>
/// The cluster's state: every object as JSON, one resourceVersion counter, a watch history.
/// All operations run under one lock; objects handed out are copies.
/// </summary>
public sealed partial class ClusterStore
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string StorageKey, string Key)> _uids = new(StringComparer.Ordinal);
    private readonly List<WatchSubscription> _subscribers = [];
    private readonly WatchHistory _history;
    private readonly TimeProvider _time;
    private long _resourceVersion;

    public ClusterStore(ResourceRegistry resources, TimeProvider time, int watchHistoryLimit)
    {
        Resources = resources;
        _time = time;
        _history = new WatchHistory(watchHistoryLimit);
    }

    public ResourceRegistry Resources { get; }

    private int _garbageMayExist;

    /// <summary>Raised (outside the lock) after a change that can leave garbage: a deletion, or an object created with owners.</summary>
    public event Action? GarbageMayExist;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public ResourceType Resolve(GroupVersionResource resource) =>
        Resources.Find(resource) ?? throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({resource})");

    public JsonObject Create(GroupVersionResource resource, string? ns, JsonObject obj) => Create(Resolve(resource), ns, obj);

    public JsonObject Get(GroupVersionResource resource, string? ns, string name) => Get(Resolve(resource), ns, name);

    public JsonObject? TryGet(GroupVersionResource resource, string? ns, string name)
    {
        var type = Resolve(resource);
        lock (_gate)
        {
            return Find(type, ns, name)?.DeepClone().AsObject();
        }
    }

    public ObjectList List(GroupVersionResource resource, string? ns, LabelSelector? labels = null, FieldSelector? fields = null) =>
        List(Resolve(resource), ns, labels, fields);

    /// <summary>Creates the object; with <see cref="WriteOptions.DryRun"/> only answers what would be created.</summary>
    public JsonObject Create(ResourceType type, string? ns, JsonObject obj, WriteOptions? options = null)
    {
        try
        {
            return CreateLocked(type, ns, obj, options ?? new WriteOptions());
        }
        finally
        {
            SignalGarbage();
        }
    }

    private JsonObject CreateLocked(ResourceType type, string? ns, JsonObject obj, WriteOptions options, IReadOnlySet<string>? applied = null)
    {
        lock (_gate)
        {
            var created = obj.DeepClone().AsObject();
            var metadata = ObjectMetadata.Of(created);
            var bodyNamespace = ObjectMetadata.Namespace(created);
            ns = type.Namespaced ? (string.IsNullOrEmpty(ns) ? bodyNamespace : ns) : null;
            if (type.Namespaced)
            {
                if (string.IsNullOrEmpty(ns))
                {
                    throw ApiErrors.BadRequest("the namespace of the provided object is empty");
                }

                if (bodyNamespace.Length > 0 && bodyNamespace != ns)
                {
                    throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }

                if (Find(BuiltInResources.Namespaces, null, ns) is null)
                {
                    throw ApiErrors.NamespaceNotFound(ns);
                }

                metadata["namespace"] = ns;
            }
            else
            {
                metadata.Remove("namespace");
            }

            var name = ObjectMetadata.Name(created);
            if (name.Length == 0)
            {
                var prefix = ObjectMetadata.String(created, "generateName");
                if (string.IsNullOrEmpty(prefix))
                {
                    throw ApiErrors.Invalid(type, "", [new FieldError("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
                }

                do
                {
                    name = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]));
                }
                while (Find(type, ns, name) is not null);
                metadata["name"] = name;
            }

            if (Find(type, ns, name) is not null)
            {
                throw ApiErrors.AlreadyExists(type, name);
            }

            created["apiVersion"] = type.ApiVersion;
            created["kind"] = type.Kind;
            foreach (var serverField in new[] { "uid", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields" })
            {
                metadata.Remove(serverField);
            }

            if (type.HasStatus)
            {
                created.Remove("status");
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            PrepareKind(type, created, null, options);
            SetManagedFields(type, null, created, null, options, applied, null);
            metadata["creationTimestamp"] = ObjectMetadata.FormatTime(_time.GetUtcNow());
            metadata["generation"] = 1;
            if (options.DryRun)
            {
                return created;
            }

            metadata["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Put(type, created);
            Publish(WatchEvent.Added, type, created, null);
            if (ObjectMetadata.OwnerUids(created).Count > 0)
            {
                GarbageAfterCreate(type, created);
            }

            return created.DeepClone().AsObject();
        }
    }

    public JsonObject Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return (Find(type, ns, name) ?? throw ApiErrors.NotFound(type, name)).DeepClone().AsObject();
        }
    }

    public ObjectList List(ResourceType type, string? ns, LabelSelector? labels = null, FieldSelector? fields = null)
    {
        labels ??= LabelSelector.Everything;
        fields = (fields ?? FieldSelector.Everything).For(type);
        lock (_gate)
        {
            var items = Bucket(type).Values
                .Where(obj => string.IsNullOrEmpty(ns) || !type.Namespaced || ObjectMetadata.Namespace(obj) == ns)
                .Where(obj => labels.Matches(ObjectMetadata.Labels(obj)) && fields.Matches(obj))
                .Select(obj => WithApiVersion(type, obj.DeepClone().AsObject()))
                .ToList();
            return new ObjectList(items, _resourceVersion);
        }
    }

    /// <summary>Forgets the watch history: watches from any version before now answer 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _history.Compact(_resourceVersion);
        }
    }

    // Kind-specific rules run on create and update: CR schema defaults and validation, CRD registration, namespace phase, Job and Pod defaults.
    private void PrepareKind(ResourceType type, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        if (type.IsCustom && type.Schema is not null)
        {
            CheckUnknownFields(type, obj, CustomResourceValidation.Prune(type.Schema, obj), options);
            CustomResourceValidation.ApplyDefaults(type.Schema, obj);
            var errors = CustomResourceValidation.Validate(type.Schema, obj, old);
            if (errors.Count > 0)
            {
                throw ApiErrors.Invalid(type, ObjectMetadata.Name(obj), errors);
            }
        }
        else if (type == BuiltInResources.CustomResourceDefinitions)
        {
            CustomResourceDefinitions.Prepare(obj);
            if (!options.DryRun)
            {
                Resources.Register(obj);
            }
        }
        else if (type == BuiltInResources.Namespaces && old is null)
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type.IsCustom)
        {
            return;
        }
        else if (type.GroupResource == "jobs.batch")
        {
            Defaulting.JobDefaults.Apply(obj);
        }
        else if (type.GroupResource == "secrets")
        {
            Defaulting.SecretDefaults.Apply(obj);
        }
        else if (type.GroupResource == "pods" && obj["spec"] is JsonObject podSpec)
        {
            Defaulting.PodDefaults.ApplyToSpec(podSpec, isPod: true);
        }
    }

    // Unknown fields are dropped; fieldValidation decides whether the client hears about it (Warn) or the request fails (Strict).
    private static void CheckUnknownFields(ResourceType type, JsonObject obj, IReadOnlyList<string> unknown, WriteOptions options)
    {
        if (unknown.Count == 0 || options.FieldValidation == FieldValidation.Ignore)
        {
            return;
        }

        var fields = unknown.Select(path => $"unknown field \"{path}\"").ToList();
        if (options.FieldValidation == FieldValidation.Strict)
        {
            throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", fields)}");
        }

        options.Warnings.AddRange(fields);
    }

    private void SignalGarbage()
    {
        if (Interlocked.Exchange(ref _garbageMayExist, 0) == 1)
        {
            GarbageMayExist?.Invoke();
        }
    }

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        if (!_objects.TryGetValue(type.StorageKey, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type.StorageKey] = bucket;
        }

        return bucket;
    }

    private static string Key(ResourceType type, string? ns, string name) => type.Namespaced ? $"{ns}/{name}" : name;

    private JsonObject? Find(ResourceType type, string? ns, string name) =>
        Bucket(type).GetValueOrDefault(Key(type, ns, name));

    private void Put(ResourceType type, JsonObject obj)
    {
        var key = Key(type, ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj));
        Bucket(type)[key] = obj;
        _uids[ObjectMetadata.Uid(obj)] = (type.StorageKey, key);
    }

    private void Publish(string eventType, ResourceType type, JsonObject obj, JsonObject? previous)
    {
        var change = new StoredEvent(eventType, obj, previous, _resourceVersion, type.StorageKey);
        _history.Add(change);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(change);
        }
    }

    private static JsonObject WithApiVersion(ResourceType type, JsonObject obj)
    {
        obj["apiVersion"] = type.ApiVersion;
        return obj;
    }
}
