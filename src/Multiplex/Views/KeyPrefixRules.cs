using Multiplex.Commands;
using Multiplex.Commands.Keys;
using Multiplex.PubSub;

namespace Multiplex.Views;

/// <summary>
/// The commands a key-prefix view treats other than by their key specification alone. Every other
/// command gets the prefix on exactly the keys its <see cref="CommandSpec.Keys"/> finds in the encoded
/// frame: the same specification cluster routing computes hash slots from, which the route test checks
/// against the server's own (<c>COMMAND GETKEYS</c>) for every command method.
/// </summary>
internal static class KeyPrefixRules
{
    private static readonly Dictionary<CommandSpec, (KeyPrefixRule Rule, string? Reason)> Rules = new()
    {
        [KeyTokens.RandomKey] = (KeyPrefixRule.Refused, "it returns any key of the database, not one under the prefix"),
        [ServerTokens.DbSize] = (KeyPrefixRule.Refused, "it counts every key of the database, not those under the prefix"),
        [ServerTokens.FlushDb] = (KeyPrefixRule.Refused, "it deletes every key of the database, not those under the prefix"),
        [ServerTokens.FlushAll] = (KeyPrefixRule.Refused, "it deletes every key of every database, not those under the prefix"),
        [ServerTokens.SwapDb] = (KeyPrefixRule.Refused, "it swaps whole databases, keys outside the prefix included"),
        [KeyTokens.Keys] = (KeyPrefixRule.KeysPattern, null),
        [KeyTokens.Scan] = (KeyPrefixRule.ScanPattern, null),
        [KeyTokens.Sort] = (KeyPrefixRule.SortPatterns, null),
        [KeyTokens.SortRo] = (KeyPrefixRule.SortPatterns, null),
        [PubSubTokens.Publish] = (KeyPrefixRule.Channel, null),
        [PubSubTokens.SPublish] = (KeyPrefixRule.Channel, null),
        [PubSubTokens.Channels] = (KeyPrefixRule.ChannelPattern, null),
        [PubSubTokens.ShardChannels] = (KeyPrefixRule.ChannelPattern, null),
        [PubSubTokens.NumSub] = (KeyPrefixRule.Channels, null),
        [PubSubTokens.ShardNumSub] = (KeyPrefixRule.Channels, null),
    };

    /// <summary>The rule for <paramref name="command"/>; why it is refused, when it is.</summary>
    public static KeyPrefixRule For(CommandSpec command, out string? reason)
    {
        if (command.AreKeysUnknown)
        {
            reason = "the library does not know where its keys are (no typed method sends it), so it cannot prefix them";
            return KeyPrefixRule.Refused;
        }

        if (Rules.TryGetValue(command, out var rule))
        {
            reason = rule.Reason;
            return rule.Rule;
        }

        reason = null;
        return KeyPrefixRule.Keys;
    }

    /// <summary>The commands with a rule of their own (for tests).</summary>
    public static IEnumerable<CommandSpec> Special => Rules.Keys;
}
