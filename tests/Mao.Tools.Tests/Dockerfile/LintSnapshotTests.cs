using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Tests.Dockerfile;

public class LintSnapshotTests
{
    private static readonly DateTimeOffset ObservedAt = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static LintResult[] Results()
    {
        var linter = new DockerfileLinter();
        return
        [
            linter.Lint(DockerfileText.Of("FROM debian", "RUN sudo true"), "library/demo"),
            linter.Lint(DockerfileText.Of("FROM alpine:3.20", "CMD [\"sh\"]"), "library/clean"),
        ];
    }

    [Fact]
    public void ToSnapshot_OneRecordPerFindingAndOneForACleanTarget()
    {
        var snapshot = LintSnapshot.ToSnapshot(Results(), "site-a", ObservedAt, "1.0.0");

        Assert.Equal(["library/clean#clean#0", "library/demo#DL3004#2", "library/demo#DL3006#1"], snapshot.Records.Select(r => r.Key));
        var sudo = snapshot.Records[1];
        Assert.Equal("DL3004", sudo.Values[0].Text);
        Assert.Equal(2, sudo.Values[1].Number);
        Assert.Equal("error", sudo.Values[2].Text);
        Assert.StartsWith("Do not use sudo", sudo.Values[3].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSnapshot_RoundTripsThroughTheCanonicalFormWithTheSameContentId()
    {
        var snapshot = LintSnapshot.ToSnapshot(Results(), "site-a", ObservedAt, "1.0.0");

        var read = SnapshotJsonLines.Read(SnapshotJsonLines.ToBytes(snapshot), "lint.jsonl");

        Assert.Equal(snapshot.ContentId, read.ContentId);
        Assert.Equal(LintSnapshot.ToolName, read.Header.Tool);
    }

    [Fact]
    public void ToSnapshot_TwoSitesLintingTheSameFiles_AgreeOnEveryRecord()
    {
        var a = LintSnapshot.ToSnapshot(Results(), "site-a", ObservedAt, "1.0.0");
        var b = LintSnapshot.ToSnapshot(Results().Reverse(), "site-b", ObservedAt.AddHours(1), "1.0.0");

        Assert.Equal(a.Records, b.Records);
    }

    [Fact]
    public void Manifest_IsValidAndMatchesTheSnapshotSchema()
    {
        var manifest = LintSnapshot.Manifest("1.0.0");

        manifest.Validate("manifest");
        Assert.True(manifest.Schema.Equivalent(LintSnapshot.ToSnapshot(Results(), "site-a", ObservedAt, "1.0.0").Schema));
        Assert.Equal([FieldKind.Category, FieldKind.Count, FieldKind.Category, FieldKind.Category], manifest.Schema.Fields.Select(f => f.Kind));
    }
}
