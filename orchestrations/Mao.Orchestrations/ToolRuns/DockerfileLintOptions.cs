namespace Mao.Orchestrations.ToolRuns;

/// <summary>What the scheduled dockerfile-lint run lints (section <c>Mao:DockerfileLint</c>; <c>MAO__DOCKERFILELINT__FOLDER</c>).</summary>
public sealed class DockerfileLintOptions
{
    public const string Section = "Mao:DockerfileLint";

    /// <summary>Folder searched (recursively) for Dockerfiles: <c>Dockerfile</c>, <c>Dockerfile.*</c>, <c>*.Dockerfile</c>.</summary>
    public string Folder { get; set; } = "";

    /// <summary>Dockerfiles by URL, linted when <see cref="Folder"/> is not set.</summary>
    public List<string> Urls { get; set; } = [];
}
