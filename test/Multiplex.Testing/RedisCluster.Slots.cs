using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// Slot ownership and live resharding the way <c>redis-cli --cluster reshard</c> does it, in steps a
/// test can stop between: IMPORTING on the target and MIGRATING on the source, keys moved with
/// GETKEYSINSLOT and MIGRATE, then NODE on the target, the source and the other primaries.
/// Spec: https://redis.io/docs/latest/commands/cluster-setslot/ (live resharding) and
/// https://redis.io/docs/latest/commands/migrate/
/// </summary>
public sealed partial class RedisCluster
{
    /// <summary>Keys per GETKEYSINSLOT and MIGRATE in <see cref="MoveKeysAsync"/> unless a test asks for another batch.</summary>
    public const int DefaultMoveBatch = 100;

    // How many slots one MigrateSlotsAsync round carries through the three steps with one pipeline per
    // step and node: enough to make a few thousand slots a matter of seconds, few enough that the rest of
    // a large migration is still stable while a round runs.
    private const int SlotsPerMigrationRound = 256;

    // MIGRATE's limit, in milliseconds, on any one exchange with the target (MIGRATE's own unit).
    private const string MigrateTimeoutMilliseconds = "5000";

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The primary that owns <paramref name="slot"/> in <paramref name="observer"/>'s CLUSTER NODES (by default the first running node's).</summary>
    public async Task<RedisServer> OwnerOfSlotAsync(int slot, RedisServer? observer = null, CancellationToken cancellationToken = default)
    {
        var viewer = observer ?? Running[0];
        var owner = (await ViewAsync(viewer, cancellationToken)).SlotOwners()[slot];
        return owner is null
            ? throw new InvalidOperationException($"{viewer.Name} sees no owner of slot {slot}.")
            : ServerById(owner);
    }

    /// <summary>The slots <paramref name="primary"/> serves by its own account, in order.</summary>
    public async Task<IReadOnlyList<int>> SlotsOfAsync(RedisServer primary, CancellationToken cancellationToken = default) =>
        [.. (await ViewAsync(primary, cancellationToken)).Myself.Slots];

    /// <summary>
    /// Step one: <c>CLUSTER SETSLOT slot IMPORTING source</c> on <paramref name="target"/>, then
    /// <c>MIGRATING target</c> on <paramref name="source"/>. From here the source answers <c>-ASK</c> for
    /// keys it no longer has.
    /// </summary>
    public Task BeginSlotMigrationAsync(int slot, RedisServer source, RedisServer target, CancellationToken cancellationToken = default) =>
        BeginMigrationsAsync([slot], source, target, cancellationToken);

    /// <summary>
    /// Step two: moves the slot's keys with <c>CLUSTER GETKEYSINSLOT</c> and <c>MIGRATE … REPLACE KEYS</c>,
    /// <paramref name="batch"/> keys at a time, until the source lists none; returns how many keys were
    /// handed to MIGRATE. Key names are sent as UTF-8 text.
    /// </summary>
    public Task<int> MoveKeysAsync(
        int slot, RedisServer source, RedisServer target, int batch = DefaultMoveBatch, CancellationToken cancellationToken = default) =>
        MoveKeysCoreAsync([slot], source, target, batch, cancellationToken);

    /// <summary>
    /// Step three: <c>CLUSTER SETSLOT slot NODE target</c> on <paramref name="target"/>, then on the source
    /// (the node the target imports from), then on every other primary.
    /// </summary>
    public async Task FinishSlotMigrationAsync(int slot, RedisServer target, CancellationToken cancellationToken = default)
    {
        var importing = (await ViewAsync(target, cancellationToken)).Myself.Importing;
        var source = importing.TryGetValue(slot, out var sourceId) ? ServerById(sourceId) : null;
        await FinishMigrationsAsync([slot], source, target, cancellationToken);
    }

    /// <summary>
    /// Moves <paramref name="slots"/> with their keys from <paramref name="source"/> to
    /// <paramref name="target"/>: the three steps, pipelined per node for a round of slots at a time.
    /// Returns how many keys were handed to MIGRATE. Follow with <see cref="WaitForConsistentSlotsAsync"/>
    /// when every node's view must agree.
    /// </summary>
    public async Task<int> MigrateSlotsAsync(
        IReadOnlyList<int> slots, RedisServer source, RedisServer target, CancellationToken cancellationToken = default)
    {
        // After a failover a node may still see the other side in its old role, and refuse the migration.
        await WaitForAgreedRolesAsync(cancellationToken);
        var moved = 0;
        foreach (var round in slots.Chunk(SlotsPerMigrationRound))
        {
            await BeginMigrationsAsync(round, source, target, cancellationToken);
            moved += await MoveKeysCoreAsync(round, source, target, DefaultMoveBatch, cancellationToken);
            await FinishMigrationsAsync(round, source, target, cancellationToken);
        }

        return moved;
    }

    /// <summary>
    /// Waits until every running node's CLUSTER NODES names the same owner for every slot, every slot
    /// has one and no node has a migration open.
    /// </summary>
    public Task WaitForConsistentSlotsAsync(CancellationToken cancellationToken = default) =>
        Poll.UntilAsync("slot ownership", () => CheckSlotsAgreeAsync(cancellationToken), SettleTimeout, StatePollInterval, Nodes, cancellationToken);

    /// <summary>
    /// Waits until every running node's CLUSTER NODES gives every running node the role that node gives
    /// itself (gossip spreads a failover's new roles within moments of it).
    /// </summary>
    public Task WaitForAgreedRolesAsync(CancellationToken cancellationToken = default) =>
        Poll.UntilAsync("the nodes to agree on roles", () => CheckRolesAgreeAsync(cancellationToken), SettleTimeout, StatePollInterval, Nodes, cancellationToken);

    private async Task<string?> CheckRolesAgreeAsync(CancellationToken cancellationToken)
    {
        var running = Running;
        var views = await Task.WhenAll(running.Select(node => ViewAsync(node, cancellationToken)));
        var own = views.Select(view => view.Myself).ToList();
        for (var i = 0; i < views.Length; i++)
        {
            foreach (var self in own)
            {
                if (views[i].Find(self.Id) is not { } seen || seen.IsPrimary != self.IsPrimary)
                {
                    return $"{running[i].Name} does not yet see {self.Id} as {(self.IsPrimary ? "a primary" : "a replica")}";
                }
            }
        }

        return null;
    }

    private async Task BeginMigrationsAsync(IReadOnlyList<int> slots, RedisServer source, RedisServer target, CancellationToken cancellationToken)
    {
        await AdminOf(target).PipelineAsync([.. slots.Select(slot => SetSlot(slot, "IMPORTING", source))], cancellationToken);
        await AdminOf(source).PipelineAsync([.. slots.Select(slot => SetSlot(slot, "MIGRATING", target))], cancellationToken);
    }

    private async Task<int> MoveKeysCoreAsync(
        IReadOnlyList<int> slots, RedisServer source, RedisServer target, int batch, CancellationToken cancellationToken)
    {
        var moved = 0;
        var pending = slots;
        var missedLastRound = new HashSet<int>();
        while (pending.Count > 0)
        {
            var listings = await AdminOf(source).PipelineAsync(
                [.. pending.Select(slot => new[] { "CLUSTER", "GETKEYSINSLOT", Number(slot), Number(batch) })], cancellationToken);
            var work = pending.Zip(listings, (slot, listing) => (Slot: slot, Keys: listing.Items.Select(key => key.RequireText()).ToList()))
                .Where(item => item.Keys.Count > 0)
                .ToList();
            var replies = await AdminOf(source).PipelineAsync([.. work.Select(item => MigrateCommand(target, item.Keys))], cancellationToken);
            var missed = new HashSet<int>();
            foreach (var (item, reply) in work.Zip(replies))
            {
                if (reply.Text != "NOKEY")
                {
                    moved += item.Keys.Count;
                    continue;
                }

                // Listed keys vanishing twice in a row means MIGRATE cannot find what GETKEYSINSLOT lists
                // (a name that is not UTF-8 text); looping on would never end.
                if (missedLastRound.Contains(item.Slot))
                {
                    throw new InvalidOperationException($"{source.Name} lists keys in slot {item.Slot} that MIGRATE does not find, e.g. '{item.Keys[0]}'.");
                }

                missed.Add(item.Slot);
            }

            missedLastRound = missed;
            pending = [.. work.Select(item => item.Slot)];
        }

        return moved;
    }

    private async Task FinishMigrationsAsync(IReadOnlyList<int> slots, RedisServer? source, RedisServer target, CancellationToken cancellationToken)
    {
        string[][] commands = [.. slots.Select(slot => SetSlot(slot, "NODE", target))];

        // The order the SETSLOT documentation gives: the target first, which ends its import and bumps
        // its config epoch so its claim wins; then the source, which stops redirecting with ASK; then the
        // other primaries, which would otherwise learn the new owner only by gossip.
        await AdminOf(target).PipelineAsync(commands, cancellationToken);
        if (source is not null)
        {
            await AdminOf(source).PipelineAsync(commands, cancellationToken);
        }

        await Task.WhenAll(Primaries.Where(primary => primary != target && primary != source && primary.ProcessId != 0)
            .Select(primary => AdminOf(primary).PipelineAsync(commands, cancellationToken)));
    }

    private async Task<string?> CheckSlotsAgreeAsync(CancellationToken cancellationToken)
    {
        var running = Running;
        var views = await Task.WhenAll(running.Select(node => ViewAsync(node, cancellationToken)));
        var reference = views[0].SlotOwners();
        foreach (var (node, view) in running.Zip(views))
        {
            if (view.Myself.Migrating.Count + view.Myself.Importing.Count > 0)
            {
                return $"{node.Name} has {view.Myself.Migrating.Count} slots migrating and {view.Myself.Importing.Count} importing";
            }

            var owners = view.SlotOwners();
            var slot = Array.FindIndex(owners, owner => owner is null);
            if (slot >= 0)
            {
                return $"{node.Name} sees slot {slot} unassigned";
            }

            slot = Enumerable.Range(0, SlotCount).FirstOrDefault(index => owners[index] != reference[index], -1);
            if (slot >= 0)
            {
                return $"{node.Name} sees slot {slot} at {ServerById(owners[slot]!).Name}, {running[0].Name} at {ServerById(reference[slot]!).Name}";
            }
        }

        return null;
    }

    private string[] SetSlot(int slot, string state, RedisServer node) => ["CLUSTER", "SETSLOT", Number(slot), state, NodeIdOf(node)];

    private string[] MigrateCommand(RedisServer target, IReadOnlyList<string> keys)
    {
        List<string> command = ["MIGRATE", target.Host, Number(PeerPort(target)), string.Empty, "0", MigrateTimeoutMilliseconds, "REPLACE"];
        if (target.AdminCredentials is (var user, { } password))
        {
            command.AddRange(user is null ? ["AUTH", password] : ["AUTH2", user, password]);
        }

        command.Add("KEYS");
        command.AddRange(keys);
        return [.. command];
    }
}
