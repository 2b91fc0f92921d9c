using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Web.Auth;
using SellerHub.Workspaces;

namespace SellerHub.Web.Components;

/// <summary>
/// Base for signed-in pages. Each page owns a DI scope (so a short-lived DbContext and its own
/// <see cref="CurrentActor"/>), filled from the circuit's user before the page loads.
/// </summary>
public abstract class WorkspacePage : OwningComponentBase
{
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    protected SellerHubDb Db => ScopedServices.GetRequiredService<SellerHubDb>();
    protected CurrentActor Actor => ScopedServices.GetRequiredService<CurrentActor>();
    protected TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    protected bool IsMember => Actor.WorkspaceId is not null;

    /// <summary>Field errors of the last action, keyed by field name (camelCase).</summary>
    protected IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthenticationState;
        await ActorResolver.ResolveAsync(state.User, Actor, Db, CancellationToken.None);
        if (Actor.WorkspaceId is { } id)
            Zone = (await Db.Workspaces.SingleAsync(w => w.Id == id)).TimeZone;
        await LoadAsync();
    }

    /// <summary>Loads the page's data; called once the actor is known.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    protected string When(DateTime utc) => Display.DateTime(utc, Zone);

    protected string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    protected bool HasError(string field) => Errors.ContainsKey(field);

    /// <summary>Runs a use case; shows its business errors on the form instead of failing the circuit.</summary>
    protected async Task<bool> RunAsync(Func<Task> action, string? success = null)
    {
        var error = await TryAsync(action);
        if (error is null)
        {
            if (success is not null) Snackbar.Add(success, Severity.Success);
            return true;
        }
        Snackbar.Add(error, Severity.Error);
        return false;
    }

    /// <summary>Runs a use case and returns its business error as text (null when it went through), for a page that reports many at once.</summary>
    protected async Task<string?> TryAsync(Func<Task> action)
    {
        Errors = new Dictionary<string, string[]>();
        try
        {
            await action();
            return null;
        }
        catch (BusinessRuleException e)
        {
            Errors = e.Errors;
            Db.ChangeTracker.Clear();
            return string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        catch (Exception e) when (e is ForbiddenException or NotFoundException or ConflictException or SellerHub.Channels.ChannelException or SellerHub.Carriers.CarrierException)
        {
            Db.ChangeTracker.Clear();
            return e.Message;
        }
    }
}
