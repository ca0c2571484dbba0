namespace Multiplex.Topology.Cluster;

/// <summary>What happened to a command the cluster redirected: the nodes it went to, and how often it was moved or retried.</summary>
internal sealed class RedirectHistory
{
    /// <summary>The endpoints that answered with a redirection, in order.</summary>
    public List<string> NodesTried { get; } = [];

    /// <summary>How many MOVED and ASK redirections it followed.</summary>
    public int Hops { get; set; }

    /// <summary>How many times it was sent again after TRYAGAIN or CLUSTERDOWN.</summary>
    public int Retries { get; set; }
}
