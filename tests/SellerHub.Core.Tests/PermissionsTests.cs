using System.Text.RegularExpressions;
using SellerHub.Workspaces;

namespace SellerHub.Core.Tests;

/// <summary>The role matrix, edge by edge, and the README's table agrees with it.</summary>
public sealed partial class PermissionsTests
{
    public static TheoryData<StaffRole, Permission, bool> Matrix()
    {
        var data = new TheoryData<StaffRole, Permission, bool>();
        var expected = new Dictionary<StaffRole, Permission[]>
        {
            [StaffRole.Owner] = Enum.GetValues<Permission>(),
            [StaffRole.Manager] = Enum.GetValues<Permission>().Except([Permission.ManageBilling, Permission.RemoveOwner]).ToArray(),
            [StaffRole.OrderStaff] = [Permission.ViewSettings, Permission.ManageOrders, Permission.ManageCustomers, Permission.CancelOrders],
            [StaffRole.WarehouseStaff] = [Permission.ViewSettings, Permission.Picking, Permission.Packing, Permission.HandOver, Permission.Receiving, Permission.StockCounts],
        };
        foreach (var role in Enum.GetValues<StaffRole>())
            foreach (var permission in Enum.GetValues<Permission>())
                data.Add(role, permission, expected[role].Contains(permission));
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_role_has_exactly_its_permissions(StaffRole role, Permission permission, bool allowed) =>
        Assert.Equal(allowed, Permissions.Allows(role, permission));

    [Theory]
    [InlineData(StaffRole.Owner, StaffRole.Owner, true)]
    [InlineData(StaffRole.Owner, StaffRole.Manager, true)]
    [InlineData(StaffRole.Manager, StaffRole.Owner, false)]
    [InlineData(StaffRole.Manager, StaffRole.Manager, true)]
    [InlineData(StaffRole.Manager, StaffRole.WarehouseStaff, true)]
    [InlineData(StaffRole.OrderStaff, StaffRole.OrderStaff, false)]
    [InlineData(StaffRole.WarehouseStaff, StaffRole.WarehouseStaff, false)]
    public void A_role_grants_only_what_it_could_act_as(StaffRole granter, StaffRole granted, bool allowed) =>
        Assert.Equal(allowed, Permissions.CanGrant(granter, granted));

    [Fact]
    public void The_readme_table_matches_the_matrix()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoRoot(), "README.md"));
        var rows = readme.Where(l => PermissionRow().IsMatch(l)).ToList();
        Assert.Equal(Enum.GetValues<Permission>().Length, rows.Count);
        foreach (var row in rows)
        {
            var cells = row.Split('|', StringSplitOptions.TrimEntries)[1..^1];
            var permission = Enum.Parse<Permission>(cells[0].Trim('`'));
            var roles = Enum.GetValues<StaffRole>();
            for (var i = 0; i < roles.Length; i++)
                Assert.True(Permissions.Allows(roles[i], permission) == (cells[i + 2] == "✓"), $"README row {permission}, {roles[i]}");
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SellerHub.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SellerHub.slnx not found above the test folder.");
    }

    [GeneratedRegex(@"^\| `[A-Za-z]+` \|")]
    private static partial Regex PermissionRow();
}
