using Microsoft.Extensions.Logging;

namespace Multiplex.Diagnostics;

/// <summary>
/// Every log message Multiplex writes, source-generated. Event ids by area: 1000–1099 connections, 1200–1299 pub/sub, 1300–1399 cluster, 1400–1499 sentinel, 1500–1599 retries.
/// Messages carry endpoints and reasons, never credentials.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Connected to {Endpoint} (protocol {Protocol}, server version {ServerVersion})")]
    public static partial void Connected(ILogger logger, string endpoint, RedisProtocol protocol, string? serverVersion);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Connection to {Endpoint} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Reconnected to {Endpoint} after {Attempts} attempt(s)")]
    public static partial void Reconnected(ILogger logger, string endpoint, int attempts);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Reconnect attempt {Attempt} to {Endpoint} failed: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string endpoint, int attempt, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "The writer loop for {Endpoint} failed")]
    public static partial void WriterLoopFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Connecting to {Endpoint} failed (attempt {Attempt}); retrying in the background: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, int attempt, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "TLS server certificate checks are off ({Checks}): any server can pose as the one you connect to. Use this in test environments only")]
    public static partial void InsecureTls(ILogger logger, string checks);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Re-authenticated {Connections} connection(s) with new credentials; {Closed} idle dedicated connection(s) closed, to reconnect with them")]
    public static partial void Reauthenticated(ILogger logger, int connections, int closed);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Re-authenticating on {Endpoint} failed: {Reason}; the connection reconnects with the provider's credentials")]
    public static partial void ReauthenticationFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Resubscribed {Subscriptions} subscription(s) on {Endpoint}")]
    public static partial void Resubscribed(ILogger logger, string endpoint, int subscriptions);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Resubscribing on {Endpoint} failed: {Reason}")]
    public static partial void ResubscribeFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Unsubscribing on {Endpoint} failed: {Reason}")]
    public static partial void UnsubscribeFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "{Endpoint} ended the subscription to {Kind} {Name} on its own (its slot moved); subscribing where it now belongs")]
    public static partial void ServerUnsubscribed(ILogger logger, string endpoint, SubscriptionKind kind, string name);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Moved {Names} subscribed name(s) to {Endpoint} after the cluster changed")]
    public static partial void SubscriptionsMoved(ILogger logger, string endpoint, int names);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Moving {Names} subscribed name(s) to {Endpoint} failed; retrying in {DelayMs} ms: {Reason}")]
    public static partial void SubscriptionMoveFailed(ILogger logger, string endpoint, int names, long delayMs, string reason);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "{Endpoint} is a cluster node: slot map of {Shards} shard(s), {Uncovered} slot(s) uncovered")]
    public static partial void ClusterDetected(ILogger logger, string endpoint, int shards, int uncovered);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Cluster slot map changed (from {Endpoint}): {Shards} shard(s), nodes added: {Added}; nodes removed: {Removed}")]
    public static partial void SlotMapChanged(ILogger logger, string endpoint, int shards, string added, string removed);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Reloading the cluster slot map failed on every node tried ({Tried}): {Reason}")]
    public static partial void SlotMapRefreshFailed(ILogger logger, string tried, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "{Command} redirected by {Endpoint}: {Redirect}")]
    public static partial void Redirected(ILogger logger, string command, string? endpoint, string redirect);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Finding out whether {Endpoint} is a cluster node failed; retrying: {Reason}")]
    public static partial void ModeDetectionFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Information, Message = "{Primary} says ROLE master; using it rather than {Other}")]
    public static partial void PrimaryFoundByRole(ILogger logger, string primary, string other);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Sentinel {Sentinel} names {Primary} as the primary of {Service}; ROLE confirms it")]
    public static partial void SentinelPrimaryFound(ILogger logger, string sentinel, string primary, string service);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Primary of {Service} switched from {Old} to {New} ({Reason}); nothing more is written to {Old}")]
    public static partial void SentinelSwitched(ILogger logger, string service, string old, string @new, string reason);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Asking sentinel {Sentinel} for {Service} failed: {Reason}")]
    public static partial void SentinelQueryFailed(ILogger logger, string sentinel, string service, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "{Endpoint} answered READONLY to {Command}: it is no longer the primary of {Service}; asking the sentinels")]
    public static partial void SentinelReadOnly(ILogger logger, string endpoint, string command, string service);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Watching {Replica} become the primary of {Service} ended without seeing it; commands held meanwhile go to the primary in use: {Reason}")]
    public static partial void PromotionWatchFailed(ILogger logger, string replica, string service, string reason);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Debug, Message = "{Command} is sent again (retry {Attempt}) in {DelayMilliseconds} ms after its connection to {Endpoint} was lost ({Outcome})")]
    public static partial void CommandRetried(ILogger logger, string command, int attempt, long delayMilliseconds, string? endpoint, CommandOutcome outcome);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "{Command} was not sent again to {Endpoint}: its caller stopped waiting (cancelled or timed out) during the backoff")]
    public static partial void RetryDropped(ILogger logger, string command, string? endpoint);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "{Endpoint} refused CLIENT TRACKING ({Protocol}); the client-side cache is off")]
    public static partial void ClientCacheTrackingRefused(ILogger logger, string endpoint, RedisProtocol protocol);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Debug, Message = "Client-side cache flushed: {Reason} on {Endpoint}")]
    public static partial void ClientCacheFlushed(ILogger logger, string reason, string endpoint);
}
