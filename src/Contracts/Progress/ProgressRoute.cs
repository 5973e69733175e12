namespace KubeTune.Contracts;

/// <summary>The operator's progress endpoint for one job: the route it serves and the URL the trainer is given.</summary>
public static class ProgressRoute
{
    public const string Pattern = "/v1alpha1/namespaces/{ns}/finetunejobs/{name}/progress";

    public static string PathFor(string ns, string name) => $"/v1alpha1/namespaces/{ns}/finetunejobs/{name}/progress";

    public static string UrlFor(string baseUrl, string ns, string name) => baseUrl.TrimEnd('/') + PathFor(ns, name);
}
