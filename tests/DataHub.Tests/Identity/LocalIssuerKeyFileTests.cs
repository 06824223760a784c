using DataHub.Hub.Identity;

namespace DataHub.Tests.Identity;

/// <summary>The local issuer's signing key: readable by its owner only, from the moment it exists.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes
public sealed class LocalIssuerKeyFileTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("datahub-keys-").FullName;

    private string KeyFile => Path.Combine(_data, "keys", "local-issuer.json");

    [Fact]
    public void A_new_key_file_is_readable_by_its_owner_only()
    {
        _ = new LocalIssuer(new LocalIssuerOptions(), _data, TimeProvider.System);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    [Fact]
    public void An_owner_only_key_file_is_loaded_again()
    {
        var first = new LocalIssuer(new LocalIssuerOptions(), _data, TimeProvider.System);

        var second = new LocalIssuer(new LocalIssuerOptions(), _data, TimeProvider.System);

        Assert.Equal(first.Key.KeyId, second.Key.KeyId);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite)]
    public void A_key_file_others_may_read_or_change_is_refused_with_what_to_do(UnixFileMode mode)
    {
        _ = new LocalIssuer(new LocalIssuerOptions(), _data, TimeProvider.System);
        File.SetUnixFileMode(KeyFile, mode);

        var error = Assert.Throws<UnsafeKeyFileException>(() => new LocalIssuer(new LocalIssuerOptions(), _data, TimeProvider.System));

        Assert.Contains(KeyFile, error.Message);
        Assert.Contains("chmod 600", error.Message);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
