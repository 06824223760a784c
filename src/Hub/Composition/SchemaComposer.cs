using DataHub.Connectors;

namespace DataHub.Hub.Composition;

/// <summary>
/// Merges source schemas into the composite schema, following the GraphQL Composite Schemas spec:
/// types of the same name merge; an entity (<c>@key</c>) is one type however many sources extend it;
/// a field defined twice must be a key or <c>@shareable</c> and typed alike; <c>@internal</c> lookups and
/// <c>@inaccessible</c> fields serve the hub but never reach clients. Every broken rule is reported, not just the first.
/// </summary>
public static class SchemaComposer
{
    public static CompositeSchema Compose(IReadOnlyList<SourceSchema> sources)
    {
        var errors = new List<CompositionError>();
        var schema = Compose(sources, errors);
        return errors.Count > 0 ? throw new CompositionException(errors) : schema;
    }

    public static CompositeSchema Compose(IReadOnlyList<SourceSchema> sources, List<CompositionError> errors)
    {
        var ordered = sources.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var types = new Dictionary<string, CompositeType>();
        var definitions = ordered
            .SelectMany(source => source.Types.Select(type => (Source: source, Type: type)))
            .Where(d => d.Type.Name != "Query" && !d.Type.IsInaccessible)
            .GroupBy(d => d.Type.Name);

        foreach (var group in definitions)
        {
            var merged = MergeType(group.ToList(), errors);
            if (merged is not null)
            {
                types[merged.Name] = merged;
            }
        }

        var rootFields = MergeQuery(ordered, types, errors);
        CheckEveryEntityHasLookup(ordered, types, errors);
        CheckTypeReferences(ordered, errors);
        return new CompositeSchema(types, rootFields, ordered);
    }

    private static CompositeType? MergeType(List<(SourceSchema Source, SourceType Type)> defs, List<CompositionError> errors)
    {
        var (firstSource, first) = defs[0];
        foreach (var (source, type) in defs.Skip(1))
        {
            if (type.Kind != first.Kind || type.IsEntity != first.IsEntity)
            {
                errors.Add(Error(CompositionRules.TypeKindMismatch, source, type.Line,
                    $"'{type.Name}' is {Describe(type)} here but {Describe(first)} in {Display(firstSource)}."));
                return null;
            }
        }

        var merged = new CompositeType(first.Name, first.Kind, defs.Select(d => d.Type.Description).FirstOrDefault(d => d is not null));
        if (first.Kind == SourceTypeKind.Enum)
        {
            foreach (var (source, type) in defs.Skip(1).Where(d => !d.Type.EnumValues.SequenceEqual(first.EnumValues)))
            {
                errors.Add(Error(CompositionRules.EnumValuesMismatch, source, type.Line,
                    $"enum '{type.Name}' has values [{string.Join(", ", type.EnumValues)}] here but " +
                    $"[{string.Join(", ", first.EnumValues)}] in {Display(firstSource)}."));
            }

            merged.EnumValues.AddRange(first.EnumValues);
            return merged;
        }

        if (first.IsEntity)
        {
            merged.KeyField = first.KeyFields[0];
            foreach (var (source, type) in defs)
            {
                CheckKey(source, type, errors);
                if (type.KeyFields[0] != merged.KeyField)
                {
                    errors.Add(Error(CompositionRules.KeyInvalidFields, source, type.Line,
                        $"'{type.Name}' is keyed by '{type.KeyFields[0]}' here but by '{merged.KeyField}' elsewhere."));
                }
            }
        }

        MergeFields(merged, defs, errors);
        return merged;
    }

    private static void MergeFields(CompositeType merged, List<(SourceSchema Source, SourceType Type)> defs, List<CompositionError> errors)
    {
        var byName = defs
            .SelectMany(d => d.Type.Fields.Select(f => (d.Source, d.Type, Field: f)))
            .Where(d => !d.Field.Directives.Inaccessible)
            .GroupBy(d => d.Field.Name);

        foreach (var group in byName)
        {
            var fieldDefs = group.ToList();
            var (ownerSource, _, field) = fieldDefs[0];
            var isKey = field.Name == merged.KeyField;

            // The shape most sources agree on is the reference, so the error points at the odd one out.
            var reference = fieldDefs.GroupBy(d => (d.Field.Type.Name, d.Field.Type.IsList))
                .OrderByDescending(g => g.Count()).First().First();
            foreach (var (source, _, other) in fieldDefs.Where(d => !d.Field.Type.HasSameShape(reference.Field.Type)))
            {
                errors.Add(Error(CompositionRules.OutputFieldTypesNotMergeable, source, other.Line,
                    $"'{merged.Name}.{other.Name}' is {other.Type} here but {reference.Field.Type} in {Display(reference.Source)}."));
            }

            if (!isKey && fieldDefs.Count > 1)
            {
                foreach (var (source, _, other) in fieldDefs.Where(d => !d.Field.Directives.Shareable))
                {
                    var elsewhere = string.Join(", ", fieldDefs.Where(d => d.Source != source).Select(d => Display(d.Source)));
                    errors.Add(Error(CompositionRules.InvalidFieldSharing, source, other.Line,
                        $"'{merged.Name}.{other.Name}' is also defined in {elsewhere}; mark every definition @shareable or keep the field in one source."));
                }
            }

            // The least restrictive nullability wins: a field may be null if any source may return null.
            // A field of an entity that several sources know can fail on its own (its source is down while the
            // entity came from another), so it is nullable: a failure then nulls that field, not its parents.
            var crossesSources = merged.IsEntity && defs.Count > 1 && !isKey;
            var nonNull = !crossesSources && fieldDefs.All(d => d.Field.Type.NonNull);
            var type = field.Type with { NonNull = nonNull };
            var kind = KindOf(ownerSource, type);
            merged.Fields.Add(new CompositeField(field.Name, type,
                fieldDefs.Select(d => d.Field.Description).FirstOrDefault(d => d is not null),
                isKey ? null : ownerSource.Name, kind));
        }
    }

    private static FieldKind KindOf(SourceSchema source, TypeRef type)
    {
        var named = source.FindType(type.Name);
        return named switch
        {
            { Kind: SourceTypeKind.Object, IsEntity: true } => type.IsList ? FieldKind.EntityList : FieldKind.Reference,
            { Kind: SourceTypeKind.Object } => FieldKind.Embedded,
            _ => FieldKind.Value,
        };
    }

    private static void CheckKey(SourceSchema source, SourceType type, List<CompositionError> errors)
    {
        var key = type.FindField(type.KeyFields[0]);
        if (key is null)
        {
            errors.Add(Error(CompositionRules.KeyInvalidFields, source, type.Line,
                $"@key(fields: \"{type.KeyFields[0]}\") on '{type.Name}' names a field the type does not have."));
        }
        else if (key.Type.IsList || key.Type.Name is not ("ID" or "String"))
        {
            errors.Add(Error(CompositionRules.KeyFieldsSelectInvalidType, source, key.Line,
                $"key field '{type.Name}.{key.Name}' must be a single ID or String, not {key.Type}."));
        }
    }

    private static List<CompositeRootField> MergeQuery(
        List<SourceSchema> sources, Dictionary<string, CompositeType> types, List<CompositionError> errors)
    {
        var rootFields = new List<CompositeRootField>();
        var seen = new Dictionary<string, SourceSchema>();
        foreach (var source in sources)
        {
            foreach (var field in source.FindType("Query")?.Fields ?? [])
            {
                var root = ReadRootField(source, field, types, errors);
                if (root is null || field.Directives.Internal || field.Directives.Inaccessible)
                {
                    continue;
                }

                if (seen.TryGetValue(field.Name, out var other))
                {
                    errors.Add(Error(CompositionRules.InvalidFieldSharing, source, field.Line,
                        $"root field 'Query.{field.Name}' is also defined in {Display(other)}."));
                    continue;
                }

                seen[field.Name] = source;
                rootFields.Add(root);
            }
        }

        return rootFields;
    }

    private static CompositeRootField? ReadRootField(
        SourceSchema source, SourceField field, Dictionary<string, CompositeType> types, List<CompositionError> errors)
    {
        var entity = types.GetValueOrDefault(field.Type.Name);
        if (field.Directives.Lookup)
        {
            if (field.Type.IsList)
            {
                errors.Add(Error(CompositionRules.LookupReturnsList, source, field.Line,
                    $"lookup 'Query.{field.Name}' must return a single entity, not {field.Type}."));
                return null;
            }

            if (entity is not { IsEntity: true })
            {
                errors.Add(Error(CompositionRules.KeyInvalidFields, source, field.Line,
                    $"lookup 'Query.{field.Name}' returns '{field.Type.Name}', which is not an entity (no @key)."));
                return null;
            }

            if (field.Arguments is not [{ } argument] || argument.Name != entity.KeyField || argument.Type.IsList)
            {
                errors.Add(Error(CompositionRules.LookupArgumentNotKey, source, field.Line,
                    $"lookup 'Query.{field.Name}' must take exactly one argument named after the key '{entity.KeyField}'."));
                return null;
            }

            entity.LookupSources.Add(source.Name);
            return new CompositeRootField(field.Name, source.Name, RootFieldKind.Lookup, entity.Name, field.Arguments, field.Description);
        }

        if (field.Directives.Connection)
        {
            if (!field.Type.IsList || entity is not { IsEntity: true } || field.Arguments.Count > 0)
            {
                errors.Add(Error(CompositionRules.InvalidConnection, source, field.Line,
                    $"@connection field 'Query.{field.Name}' must be a list of an entity type with no arguments " +
                    "(DataHub adds where, order, first and after)."));
                return null;
            }

            return new CompositeRootField(field.Name, source.Name, RootFieldKind.Connection, entity.Name, [], field.Description);
        }

        errors.Add(Error(CompositionRules.InvalidGraphQL, source, field.Line,
            $"root field 'Query.{field.Name}' needs @lookup or @connection: DataHub serves only those."));
        return null;
    }

    private static void CheckEveryEntityHasLookup(
        List<SourceSchema> sources, Dictionary<string, CompositeType> types, List<CompositionError> errors)
    {
        foreach (var source in sources)
        {
            foreach (var type in source.Types.Where(t => t.IsEntity && !t.IsInaccessible))
            {
                if (types.TryGetValue(type.Name, out var merged) && !merged.LookupSources.Contains(source.Name))
                {
                    errors.Add(Error(CompositionRules.KeyWithoutLookup, source, type.Line,
                        $"'{type.Name}' has @key in this source but no @lookup returns it; add " +
                        $"'{char.ToLowerInvariant(type.Name[0])}{type.Name[1..]}By{char.ToUpperInvariant(merged.KeyField![0])}{merged.KeyField[1..]}" +
                        $"({merged.KeyField}: ID!): {type.Name} @lookup @internal' to Query."));
                }
            }
        }
    }

    private static void CheckTypeReferences(List<SourceSchema> sources, List<CompositionError> errors)
    {
        foreach (var source in sources)
        {
            foreach (var type in source.Types.Where(t => t.Kind == SourceTypeKind.Object))
            {
                foreach (var field in type.Fields)
                {
                    var named = field.Type.Name;
                    var known = TypeRef.BuiltInScalars.Contains(named) || source.FindType(named) is not null;
                    if (!known)
                    {
                        errors.Add(Error(CompositionRules.UnknownType, source, field.Line,
                            $"'{type.Name}.{field.Name}' has type '{named}', which this source does not define."));
                    }
                    else if (field.Type.IsList && source.FindType(named) is not { IsEntity: true } && type.Name != "Query")
                    {
                        errors.Add(Error(CompositionRules.InvalidGraphQL, source, field.Line,
                            $"'{type.Name}.{field.Name}': DataHub lists hold entities (types with @key), not '{named}'."));
                    }
                }
            }
        }
    }

    private static string Describe(SourceType type) =>
        type.Kind == SourceTypeKind.Object ? (type.IsEntity ? "an entity (@key)" : "an object without @key") : $"a {type.Kind.ToString().ToLowerInvariant()}";

    private static string Display(SourceSchema source) => SourceSchemaReader.DisplayPath(source.FilePath);

    private static CompositionError Error((string Code, string Rule) rule, SourceSchema source, int line, string message) =>
        new(rule.Code, rule.Rule, Display(source), line, message);
}
