using GraphQL.Types;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// A schema the one pipeline serves (<c>/graphql</c>'s composite schema, <c>/admin/graphql</c>'s admin schema), with
/// the name its root fields take in audit entries when they return no composite entity (<c>Admin.grants</c>).
/// </summary>
public sealed record GraphQLSurface(string Name, ISchema Schema);
