namespace Mao.Core.Model;

/// <summary>The shape of a tool's records: the index (record key) column and the fields.</summary>
public sealed record MetricSchema(string Index, IReadOnlyList<FieldSpec> Fields)
{
    /// <summary>Position of a field by name, or -1.</summary>
    public int IndexOf(string fieldName)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == fieldName)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Throws a <see cref="MaoFormatException"/> naming the problem when the schema is unusable.</summary>
    public void Validate(string where)
    {
        if (string.IsNullOrWhiteSpace(Index))
        {
            throw new MaoFormatException(where, "schema has no index column");
        }
        if (Fields.Count == 0)
        {
            throw new MaoFormatException(where, "schema has no fields");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal) { Index };
        foreach (var field in Fields)
        {
            // JSON can hold null in a list whatever the type says: [{"name":..},null].
            if (field is null)
            {
                throw new MaoFormatException(where, "schema has a null field");
            }
            if (string.IsNullOrWhiteSpace(field.Name))
            {
                throw new MaoFormatException(where, "schema has a field without a name");
            }
            if (!seen.Add(field.Name))
            {
                throw new MaoFormatException(where, $"schema names column '{field.Name}' twice");
            }
        }
    }

    public bool Equivalent(MetricSchema other) =>
        Index == other.Index && Fields.SequenceEqual(other.Fields, FieldShapeComparer.Instance);

    private sealed class FieldShapeComparer : IEqualityComparer<FieldSpec>
    {
        public static readonly FieldShapeComparer Instance = new();
        public bool Equals(FieldSpec? x, FieldSpec? y) => x?.Name == y?.Name && x?.Kind == y?.Kind;
        public int GetHashCode(FieldSpec obj) => HashCode.Combine(obj.Name, obj.Kind);
    }
}
