namespace Mao.Tools.Http;

public static class Urls
{
    /// <summary>Appends a relative path to a base address that may itself have a path (a mirror at <c>http://host/hub/</c>).</summary>
    public static Uri Combine(Uri baseUrl, string relative)
    {
        var text = baseUrl.ToString();
        var withSlash = text.EndsWith('/') ? baseUrl : new Uri(text + "/");
        return new Uri(withSlash, relative.TrimStart('/'));
    }
}
