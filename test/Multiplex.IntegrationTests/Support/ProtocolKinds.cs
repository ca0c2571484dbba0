namespace Multiplex.IntegrationTests.Support;

/// <summary>The protocol pair every typed-command fixture runs against.</summary>
public static class ProtocolKinds
{
    public static readonly ServerKind[] Both = [ServerKind.RedisResp3, ServerKind.RedisResp2];
}
