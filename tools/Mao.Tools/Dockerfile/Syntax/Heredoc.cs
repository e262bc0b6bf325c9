namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// A here-document attached to RUN, COPY or ADD (<c>RUN &lt;&lt;EOF</c> ... <c>EOF</c>).
/// </summary>
/// <param name="Delimiter">The word that ends the body.</param>
/// <param name="Body">The lines between marker and delimiter, joined with '\n' (leading tabs removed for <c>&lt;&lt;-</c>).</param>
/// <param name="StripTabs">True for <c>&lt;&lt;-</c>.</param>
/// <param name="Quoted">True when the delimiter was quoted: the body is then not subject to variable expansion.</param>
/// <param name="Line">Line of the first body line.</param>
public sealed record Heredoc(string Delimiter, string Body, bool StripTabs, bool Quoted, int Line);
