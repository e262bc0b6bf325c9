using System.Text.Json.Serialization;

namespace Mao.Core.Model;

/// <summary>One metric or property column of a tool's records.</summary>
/// <param name="Name">Column name, as in the CSV header or JSON record.</param>
/// <param name="Kind">How sites' values are compared; written camelCase ("performance") like the snapshot header.</param>
/// <param name="Description">What the field means, for people reading a manifest.</param>
public sealed record FieldSpec(string Name, FieldKind Kind, string? Description = null)
{
    [JsonIgnore]
    public bool IsNumeric => Kind is FieldKind.Performance or FieldKind.Count;
}
