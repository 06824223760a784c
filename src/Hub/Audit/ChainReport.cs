namespace DataHub.Hub.Audit;

/// <summary>
/// The result of walking the chain: whole, or the first broken link and what differs. <see cref="Checkpoints"/> counts
/// the signed checkpoints found valid; <see cref="AtCheckpoint"/> says the break was found by one (a rewritten or cut
/// chain whose hashes all link, or a forged checkpoint) rather than by the walk.
/// </summary>
public sealed record ChainReport(
    bool IsWhole, long Entries, long? FirstId, long? LastId, string? LastHash, long? BrokenAt, string? Problem,
    int Checkpoints = 0, bool AtCheckpoint = false);
