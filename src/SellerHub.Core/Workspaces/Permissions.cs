namespace SellerHub.Workspaces;

public enum StaffRole
{
    Owner,
    Manager,
    OrderStaff,
    WarehouseStaff,
}

public enum Permission
{
    ViewSettings,
    ManageWorkspaceSettings,
    ManageBilling,
    ManageMembers,
    RemoveOwner,
    ManageApiKeys,
    ManageShops,
    ManageWarehouses,
    ViewAudit,
    ManageOrders,
    ManageCustomers,
    CancelOrders,
    Picking,
    Packing,
    HandOver,
    Receiving,
    StockCounts,
}

/// <summary>
/// The permission matrix, as data. README.md renders the same table; a test checks it row by row.
/// </summary>
public static class Permissions
{
    private static readonly Permission[] Warehouse =
        [Permission.ViewSettings, Permission.Picking, Permission.Packing, Permission.HandOver, Permission.Receiving, Permission.StockCounts];

    private static readonly Permission[] Orders =
        [Permission.ViewSettings, Permission.ManageOrders, Permission.ManageCustomers, Permission.CancelOrders];

    public static readonly IReadOnlyDictionary<StaffRole, IReadOnlySet<Permission>> Matrix =
        new Dictionary<StaffRole, IReadOnlySet<Permission>>
        {
            [StaffRole.Owner] = Enum.GetValues<Permission>().ToHashSet(),
            [StaffRole.Manager] = Enum.GetValues<Permission>().Except([Permission.ManageBilling, Permission.RemoveOwner]).ToHashSet(),
            [StaffRole.OrderStaff] = Orders.ToHashSet(),
            [StaffRole.WarehouseStaff] = Warehouse.ToHashSet(),
        };

    public static bool Allows(StaffRole role, Permission permission) => Matrix[role].Contains(permission);

    /// <summary>A role may hand out only roles it could act as itself (no escalation).</summary>
    public static bool CanGrant(StaffRole granter, StaffRole granted) =>
        granter == StaffRole.Owner || (granted != StaffRole.Owner && Allows(granter, Permission.ManageMembers));

    public static string Describe(Permission permission) =>
        Messages.ResourceManager.GetString("Permission_" + permission, Messages.Culture) ?? permission.ToString();

    public static string Describe(StaffRole role) =>
        Messages.ResourceManager.GetString("Role_" + role, Messages.Culture) ?? role.ToString();
}
