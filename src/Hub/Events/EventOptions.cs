using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Events;

/// <summary>The event store and the subscription transports (section <c>Events</c>).</summary>
public sealed class EventOptions
{
    public const string SectionName = "Events";

    /// <summary><c>Sqlite</c> (<c>data/events.db</c>, the default) or <c>PostgreSQL</c> (<c>ConnectionStrings:Events</c>).</summary>
    [RegularExpression("^(?i)(Sqlite|PostgreSQL)$")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Subscriptions one WebSocket connection may hold at once (<c>4429</c>-style refusal beyond: an error message).</summary>
    [Range(1, 1000)]
    public int MaxSubscriptionsPerConnection { get; set; } = 10;

    /// <summary>Seconds a WebSocket client has to send <c>connection_init</c> (then closed with 4408).</summary>
    [Range(1, 300)]
    public int ConnectionInitTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds between keep-alives: a WebSocket <c>ping</c>, an SSE comment line.</summary>
    [Range(1, 3600)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Seconds a subscriber waits for a wake-up before it reads the store anyway.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Events read from the store at once by one subscriber (each is still delivered on its own).</summary>
    [Range(1, 1000)]
    public int ReadBatch { get; set; } = 100;

    /// <summary>Largest WebSocket message the hub reads, in bytes (close 4400 beyond); the request limits apply inside it.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;
}
