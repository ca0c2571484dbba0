using System.Buffers;
using System.Text;
using Multiplex.PubSub;

namespace Multiplex.Tests.PubSub;

public sealed class MaintenanceNotificationParserTests
{
    [Test]
    public void Moving_gives_sequence_time_and_target()
    {
        var args = Parse(">4\r\n$6\r\nMOVING\r\n:12\r\n:15\r\n$14\r\n10.0.0.9:12000\r\n")!;
        Assert.That(args.Kind, Is.EqualTo(MaintenanceNotificationKind.Moving));
        Assert.That(args.Name, Is.EqualTo("MOVING"));
        Assert.That(args.SequenceId, Is.EqualTo(12));
        Assert.That(args.TimeRemaining, Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(args.Target, Is.EqualTo("10.0.0.9:12000"));
        Assert.That(args.Arguments, Is.EqualTo(new[] { "12", "15", "10.0.0.9:12000" }));
        Assert.That((args.Endpoint, args.ConnectionKind), Is.EqualTo(("127.0.0.1:6379", ConnectionKind.Shared)));
    }

    [TestCase(">4\r\n$6\r\nMOVING\r\n:12\r\n:15\r\n_\r\n")]
    [TestCase(">4\r\n$6\r\nMOVING\r\n:12\r\n:15\r\n$4\r\nnull\r\n")]
    [TestCase(">3\r\n$6\r\nMOVING\r\n:12\r\n:15\r\n")]
    public void Moving_without_an_endpoint_has_no_target(string wire)
    {
        var args = Parse(wire)!;
        Assert.That(args.Kind, Is.EqualTo(MaintenanceNotificationKind.Moving));
        Assert.That(args.Target, Is.Null);
        Assert.That(args.TimeRemaining, Is.EqualTo(TimeSpan.FromSeconds(15)));
    }

    [TestCase(">4\r\n$9\r\nMIGRATING\r\n:3\r\n:20\r\n$1\r\n1\r\n", MaintenanceNotificationKind.Migrating, 3, 20)]
    [TestCase(">4\r\n$12\r\nFAILING_OVER\r\n:4\r\n:30\r\n$1\r\n2\r\n", MaintenanceNotificationKind.FailingOver, 4, 30)]
    [TestCase(">3\r\n$8\r\nMIGRATED\r\n:5\r\n$1\r\n1\r\n", MaintenanceNotificationKind.Migrated, 5, null)]
    [TestCase(">3\r\n$11\r\nFAILED_OVER\r\n:6\r\n$1\r\n2\r\n", MaintenanceNotificationKind.FailedOver, 6, null)]
    [TestCase(">3\r\n$10\r\nSMIGRATING\r\n:7\r\n$8\r\n100-200\r\n", MaintenanceNotificationKind.SlotMigrating, 7, null)]
    [TestCase(">5\r\n$9\r\nSMIGRATED\r\n:8\r\n$14\r\n127.0.0.1:7000\r\n$14\r\n127.0.0.1:7001\r\n$3\r\n100\r\n", MaintenanceNotificationKind.SlotMigrated, 8, null)]
    public void Each_known_notification_has_its_kind_sequence_and_time(string wire, MaintenanceNotificationKind kind, long sequence, int? seconds)
    {
        var args = Parse(wire)!;
        Assert.That(args.Kind, Is.EqualTo(kind));
        Assert.That(args.SequenceId, Is.EqualTo(sequence));
        Assert.That(args.TimeRemaining, Is.EqualTo(seconds is { } s ? TimeSpan.FromSeconds(s) : null));
        Assert.That(args.Target, Is.Null);
    }

    [Test]
    public void The_shards_of_a_migration_are_kept_as_arguments() =>
        Assert.That(Parse(">5\r\n$9\r\nMIGRATING\r\n:3\r\n:20\r\n$1\r\n1\r\n$1\r\n2\r\n")!.Arguments, Is.EqualTo(new[] { "3", "20", "1", "2" }));

    [Test]
    public void An_unknown_upper_case_push_is_reported_as_other()
    {
        var args = Parse(">2\r\n$11\r\nNEW_THING_1\r\n:9\r\n")!;
        Assert.That((args.Kind, args.Name, args.SequenceId), Is.EqualTo((MaintenanceNotificationKind.Other, "NEW_THING_1", 9L)));
    }

    [TestCase(">2\r\n$10\r\ninvalidate\r\n$1\r\nk\r\n")] // lower case: the server's other pushes
    [TestCase("*4\r\n$6\r\nMOVING\r\n:12\r\n:15\r\n_\r\n")] // not a push: a reply
    [TestCase(">3\r\n$9\r\nMIGRATING\r\n:3\r\n*1\r\n:1\r\n")] // nested: not a shape these have
    [TestCase(">1\r\n_\r\n")]
    public void Other_frames_are_not_notifications(string wire) => Assert.That(Parse(wire), Is.Null);

    private static MaintenanceNotificationEventArgs? Parse(string wire) =>
        MaintenanceNotificationParser.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)), "127.0.0.1:6379", ConnectionKind.Shared);
}
