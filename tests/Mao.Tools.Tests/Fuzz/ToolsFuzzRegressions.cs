using System.Net;
using System.Text;
using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Syntax;
using Mao.Tools.Http;

namespace Mao.Tools.Tests.Fuzz;

/// <summary>What the fuzzers found, pinned with the exact inputs (also kept in Fuzz/Crashes and replayed there).</summary>
public sealed class ToolsFuzzRegressions
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // The fuzzer's input (rate-limit-headers-11650a161c74.bin): FromUnixTimeSeconds threw ArgumentOutOfRangeException.
    [InlineData("X-RateLimit-Reset", "99999999999999")]
    [InlineData("RateLimit-Reset", "9223372036854775807")]
    [InlineData("X-Retry-After", "99999999999999")]
    [InlineData("RateLimit-Limit", "100;w=9223372036854775807")]
    public void Observe_ResetPastTheEndOfTheCalendar_IsIgnoredNotThrown(string name, string value)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("X-RateLimit-Limit", "100");
        response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "0");
        response.Headers.TryAddWithoutValidation(name, value);
        var state = new RateLimitState(0.1);

        state.Observe(response.StatusCode, response.Headers, Now);

        Assert.Null(state.ResetAt);
        Assert.Equal(TimeSpan.Zero, state.ReserveDelay(Now, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    // SHELL ["powershell", "-Command", "... 'St[\ud800op' ..."]: JsonElement.GetString threw InvalidOperationException.
    [InlineData("dockerfile-parser-184e682b6393.bin")]
    [InlineData("dockerfile-linter-987b96394011.bin")]
    public void Lint_LoneSurrogateEscapeInExecForm_LintsAsShellForm(string crash)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Crashes", crash)));

        var result = new DockerfileLinter().Lint(text, "crash.Dockerfile");

        Assert.Equal("crash.Dockerfile", result.Target);
        Assert.Null(JsonForm.TryParse("[\"a\\ud800\"]"));
    }

    [Fact]
    public void ReserveDelay_ResetAtTheLastSecondOfTheCalendar_DoesNotOverflow()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "0");
        response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", DateTimeOffset.MaxValue.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var state = new RateLimitState(0.1);
        state.Observe(response.StatusCode, response.Headers, Now);

        var delay = state.ReserveDelay(Now, TimeSpan.FromSeconds(1));

        Assert.Equal(state.BlockedUntil - Now, delay);
    }
}
