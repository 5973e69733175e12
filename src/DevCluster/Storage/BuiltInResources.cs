namespace KubeTune.DevCluster.Storage;

/// <summary>The built-in kinds the development cluster serves.</summary>
public static class BuiltInResources
{
    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "namespace", "Namespace", Namespaced: false) { ShortNames = ["ns"], HasStatus = true };

    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", Namespaced: false)
    {
        ShortNames = ["crd", "crds"],
        Categories = ["api-extensions"],
        HasStatus = true,
    };

    public static readonly ResourceType TokenReviews = new("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", Namespaced: false) { Verbs = ["create"] };

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces,
        new("", "v1", "pods", "pod", "Pod", Namespaced: true) { ShortNames = ["po"], Categories = ["all"], HasStatus = true },
        new("", "v1", "configmaps", "configmap", "ConfigMap", Namespaced: true) { ShortNames = ["cm"] },
        new("", "v1", "secrets", "secret", "Secret", Namespaced: true),
        new("", "v1", "services", "service", "Service", Namespaced: true) { ShortNames = ["svc"], Categories = ["all"], HasStatus = true },
        new("", "v1", "events", "event", "Event", Namespaced: true) { ShortNames = ["ev"] },
        new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", Namespaced: true) { ShortNames = ["sa"] },
        new("batch", "v1", "jobs", "job", "Job", Namespaced: true) { Categories = ["all"], HasStatus = true },
        new("coordination.k8s.io", "v1", "leases", "lease", "Lease", Namespaced: true),
        new("events.k8s.io", "v1", "events", "event", "Event", Namespaced: true) { ShortNames = ["ev"] },
        // What an install (kubectl apply -k config/default) creates besides the CRD; stored, not acted on.
        new("apps", "v1", "deployments", "deployment", "Deployment", Namespaced: true) { ShortNames = ["deploy"], Categories = ["all"], HasStatus = true },
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", Namespaced: false),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", Namespaced: false),
        new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", Namespaced: true),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", Namespaced: true),
        new("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", Namespaced: true) { ShortNames = ["netpol"] },
        new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", Namespaced: true) { ShortNames = ["pdb"], HasStatus = true },
        CustomResourceDefinitions,
        TokenReviews,
    ];
}
