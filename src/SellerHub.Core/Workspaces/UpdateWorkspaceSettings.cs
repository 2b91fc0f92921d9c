using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

public static class UpdateWorkspaceSettings
{
    public sealed record Command(string? Name, string? Phone, string? TimeZoneId);

    public static async Task<Workspace> Handle(Command c, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWorkspaceSettings);
        var v = new Validation().Require("name", c.Name);
        var phone = VietnamesePhone.Check(c.Phone);
        if (!string.IsNullOrWhiteSpace(c.Phone) && phone.Check != PhoneCheck.Valid) v.Add("phone", Messages.PhoneInvalid);
        if (string.IsNullOrWhiteSpace(c.TimeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZoneId, out _))
            v.Add("timeZoneId", Messages.TimeZoneUnknown);
        v.ThrowIfInvalid();

        var workspace = await db.Workspaces.SingleAsync(w => w.Id == db.CurrentWorkspaceId, ct);
        workspace.Name = c.Name!.Trim();
        workspace.Phone = phone.E164;
        workspace.TimeZoneId = c.TimeZoneId!;
        await db.SaveChangesAsync(ct);
        return workspace;
    }
}
