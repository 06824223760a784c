namespace DataHub.Hub.Identity;

/// <summary>The local issuer's key file can be read or changed by others than its owner: the hub will not sign with it.</summary>
public sealed class UnsafeKeyFileException(string path, UnixFileMode mode) : Exception(
    $"The local issuer's key file {path} has mode {Convert.ToString((int)mode, 8).PadLeft(3, '0')}: users other than its owner may read or " +
    $"change it, so anyone on this host could mint tokens. Run `chmod 600 {path}` (or delete it to make a new key) and start again.");
