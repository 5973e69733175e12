using System.Net;
using k8s;
using k8s.Autorest;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>Recognises API server answers that need more than a retry.</summary>
public static class KubernetesErrors
{
    /// <summary>410 Gone: the requested resourceVersion is older than the server's watch history; relist.</summary>
    public static bool IsGone(Exception e) =>
        e is HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } || e is KubernetesException { Status.Code: 410 };
}
