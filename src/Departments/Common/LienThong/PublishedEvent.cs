namespace DataHub.Departments.LienThong;

/// <summary>The data of <c>PublishLifeEvent.graphql</c>.</summary>
public sealed record PublishedEvent(PublishedEvent.Stored PublishLifeEvent)
{
    public sealed record Stored(string Id, string Cursor);
}
