using Mao.Insights;
using Mao.Insights.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Mao.Functions;

/// <summary>
/// The insight reads and the dashboard, anonymous GETs at the site host's routes with the same code behind
/// (<see cref="InsightRequests"/>, <see cref="DashboardFiles"/>); the dashboard is at /api/dashboard here.
/// </summary>
public sealed class InsightFunctions(InsightReads reads, ArtefactCards cards, NotificationReads notifications, FederationDecisions decisions)
{
    public const string Series = "Series";
    public const string Chart = "Chart";
    public const string Alerts = "Alerts";
    public const string Artefact = "Artefact";
    public const string Sites = "Sites";
    public const string Notifications = "Notifications";
    public const string Decisions = "Decisions";
    public const string Dashboard = "Dashboard";
    public const string DashboardRoute = "dashboard/{file?}";

    [Function(Series)]
    public async Task<IActionResult> SeriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = InsightRequests.SeriesRoute)] HttpRequest request, string tool, CancellationToken ct) =>
        (await InsightRequests.SeriesAsync(reads, tool, request, ct)).ToActionResult(request);

    [Function(Chart)]
    public async Task<IActionResult> ChartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = InsightRequests.ChartsRoute)] HttpRequest request, string file, CancellationToken ct) =>
        (await InsightRequests.ChartAsync(reads, file, request, ct)).ToActionResult(request);

    [Function(Alerts)]
    public async Task<IActionResult> AlertsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = InsightRequests.AlertsRoute)] HttpRequest request, string tool, CancellationToken ct) =>
        (await InsightRequests.AlertsAsync(reads, tool, request, ct)).ToActionResult(request);

    [Function(Artefact)]
    public async Task<IActionResult> ArtefactAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = InsightRequests.ArtefactsRoute)] HttpRequest request, string tool, string? key, CancellationToken ct) =>
        (await InsightRequests.ArtefactAsync(cards, tool, key, request, ct)).ToActionResult(request);

    [Function(Sites)]
    public async Task<IActionResult> SitesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = InsightRequests.SitesRoute)] HttpRequest request, CancellationToken ct) =>
        (await reads.SitesAsync(ct)).ToActionResult(request);

    [Function(Notifications)]
    public async Task<IActionResult> NotificationsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = InsightRequests.NotificationsRoute)] HttpRequest request, CancellationToken ct) =>
        (await InsightRequests.NotificationsAsync(notifications, request, ct)).ToActionResult(request);

    [Function(Decisions)]
    public async Task<IActionResult> DecisionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = InsightRequests.DecisionsRoute)] HttpRequest request, string tool, string period, CancellationToken ct) =>
        (await InsightRequests.DecisionsAsync(decisions, tool, period, ct)).ToActionResult(request);

    /// <summary>The page at /api/dashboard, its files at /api/dashboard/dashboard.css and .js (the page links them relatively).</summary>
    [Function(Dashboard)]
    public IActionResult DashboardAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DashboardRoute)] HttpRequest request, string? file)
    {
        if (DashboardFiles.Find(file) is not { } found)
        {
            return new NotFoundResult();
        }
        request.HttpContext.Response.Headers["Content-Security-Policy"] = DashboardFiles.ContentSecurityPolicy;
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return new FileContentResult(found.Bytes, found.ContentType);
    }
}
