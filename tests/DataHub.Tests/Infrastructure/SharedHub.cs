namespace DataHub.Tests.Infrastructure;

/// <summary>
/// One hub for all tests of a class (<c>IClassFixture&lt;SharedHub&gt;</c>), for classes whose tests read but do not
/// change the registry: made on first use over the collection's demo data, disposed after the class's last test.
/// The tests of a class run one after another, so one test's SQL log or audit entries never mix with another's.
/// A test that changes grants, consents or settings makes its own <see cref="HubFactory"/>.
/// </summary>
public sealed class SharedHub : IDisposable
{
    private readonly Lock _gate = new();
    private HubFactory? _hub;

    public HubFactory For(string dataDirectory)
    {
        lock (_gate)
        {
            return _hub ??= new HubFactory(dataDirectory);
        }
    }

    public void Dispose() => _hub?.Dispose();
}
