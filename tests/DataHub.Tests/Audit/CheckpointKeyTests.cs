using System.Runtime.Versioning;
using DataHub.Hub.Audit;

namespace DataHub.Tests.Audit;

/// <summary>The checkpoint key file: owner-only from its creation, refused when others can read it.</summary>
// File modes are Unix ones; the hub runs on Linux.
[UnsupportedOSPlatform("windows")]
public sealed class CheckpointKeyTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "datahub-keys-" + Guid.NewGuid().ToString("N"));

    private string KeyFile => Path.Combine(_directory, "keys", "audit-checkpoint.key");

    [Fact]
    public void The_key_file_is_created_owner_only_and_loads_again_as_the_same_key()
    {
        string firstId;
        using (var first = new CheckpointSigner(KeyFile))
        {
            firstId = first.PublicKey.Id;
        }

        using var again = new CheckpointSigner(KeyFile);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(KeyFile));
        Assert.Equal(firstId, again.PublicKey.Id);
        Assert.Equal(64, firstId.Length);
    }

    [Fact]
    public void A_world_readable_key_file_is_refused_with_what_to_do()
    {
        using (new CheckpointSigner(KeyFile))
        {
        }

        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<CheckpointKeyException>(() => new CheckpointSigner(KeyFile));
        Assert.Contains("can be read or written by group or others (mode 644)", error.Message);
        Assert.Contains($"chmod 600 {KeyFile}", error.Message);
    }

    [Fact]
    public void A_signature_verifies_under_the_public_key_alone_and_not_once_the_checkpoint_changes()
    {
        using var signer = new CheckpointSigner(KeyFile);
        using var inspector = CheckpointKey.FromPem(signer.PublicKey.Pem);
        var checkpoint = signer.Sign(1000, new string('a', 64), 1000, DateTime.UtcNow);

        var valid = inspector.Verifies(checkpoint);
        checkpoint.Entries = 999;

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", signer.PublicKey.Pem);
        Assert.True(valid);
        Assert.False(inspector.Verifies(checkpoint));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
