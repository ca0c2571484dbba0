namespace Multiplex.Diagnostics;

/// <summary>
/// Attribute names and values of the OpenTelemetry semantic conventions for Redis client spans and
/// database client metrics (https://opentelemetry.io/docs/specs/semconv/db/redis/), and the few of our
/// own (prefixed <c>multiplex.</c>) where the conventions have none.
/// </summary>
internal static class TelemetryTags
{
    public const string DbSystemName = "db.system.name";
    public const string Redis = "redis";
    public const string DbOperationName = "db.operation.name";
    public const string DbNamespace = "db.namespace";
    public const string DbQueryText = "db.query.text";
    public const string DbOperationBatchSize = "db.operation.batch.size";
    public const string DbResponseStatusCode = "db.response.status_code";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
    public const string ConnectionPoolName = "db.client.connection.pool.name";
    public const string ConnectionState = "db.client.connection.state";
    public const string ConnectionKind = "multiplex.connection.kind";
    public const string SubscriptionKind = "multiplex.subscription.kind";
    public const string TransactionAttempts = "multiplex.transaction.attempts";

    // The conventions' operation names for Redis transactions and pipelines.
    public const string Multi = "MULTI";
    public const string Pipeline = "PIPELINE";

    // Ours: the span around TransactAsync's attempts (WATCH … MULTI/EXEC, retried on a conflict).
    public const string Transact = "TRANSACT";

    // Connection states: the conventions' idle and used for open connections, and ours for one that is down.
    public const string Used = "used";
    public const string Idle = "idle";
    public const string Disconnected = "disconnected";

    // Connection kinds.
    public const string Shared = "shared";
    public const string Subscriber = "subscriber";
    public const string Dedicated = "dedicated";
}
