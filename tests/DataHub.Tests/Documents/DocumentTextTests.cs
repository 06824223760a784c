using DataHub.Hub.Documents;

namespace DataHub.Tests.Documents;

/// <summary>A document's id is the SHA-256 of its normal form: layout and comments do not change it, content does.</summary>
public sealed class DocumentTextTests
{
    private const string Compact = "query Get($id: ID!) { citizen(personalId: $id) { fullName sex } }";

    [Fact]
    public void Whitespace_commas_and_comments_do_not_change_the_id()
    {
        const string Spread = """
            # reception desk
            query Get( $id : ID! ) {
              citizen(personalId: $id) {
                fullName,   # printed on the card
                sex
              }
            }
            """;

        Assert.Equal(DocumentText.IdOf(DocumentText.Normalise(Compact, 64)), DocumentText.IdOf(DocumentText.Normalise(Spread, 64)));
    }

    [Theory]
    [InlineData("query Get($id: ID!) { citizen(personalId: $id) { sex fullName } }")]
    [InlineData("query Get($id: ID!) { citizen(personalId: $id) { fullName sex dateOfBirth } }")]
    [InlineData("query Other($id: ID!) { citizen(personalId: $id) { fullName sex } }")]
    public void A_different_document_has_a_different_id(string other)
    {
        Assert.NotEqual(DocumentText.IdOf(DocumentText.Normalise(Compact, 64)), DocumentText.IdOf(DocumentText.Normalise(other, 64)));
    }

    [Fact]
    public void An_id_is_sha256_and_64_lower_case_hex_digits()
    {
        var id = DocumentText.IdOf(DocumentText.Normalise(Compact, 64));

        Assert.True(DocumentText.IsId(id));
        Assert.False(DocumentText.IsId(id.ToUpperInvariant()));
        Assert.False(DocumentText.IsId(id[..^1]));
        Assert.False(DocumentText.IsId("md5:" + id[7..]));
    }
}
