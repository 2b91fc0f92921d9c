using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;

namespace SellerHub.Web.Api;

public sealed record WarehouseDto(Guid Id, string Code, string Name, string Phone, string Address, string ProvinceCode, string WardCode, bool IsActive)
{
    public static WarehouseDto From(Warehouse w) => new(w.Id, w.Code, w.Name, w.Phone, w.Address, w.ProvinceCode, w.WardCode, w.IsActive);
}

public sealed record WarehouseInput(string? Code, string? Name, string? Phone, string? Address, string? ProvinceCode, string? WardCode, bool? IsActive)
{
    public SaveWarehouse.Command ToCommand(Guid? id) => new(id, Code, Name, Phone, Address, ProvinceCode, WardCode, IsActive ?? true);
}

public static class WarehousesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/warehouses").WithTags("Warehouses");

        g.MapGet("/", async (SellerHubDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Warehouses.OrderBy(w => w.Code).Select(w => WarehouseDto.From(w)).ToListAsync(ct)));

        g.MapGet("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) =>
            WarehouseDto.From(await db.Warehouses.FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException(Messages.WarehouseNotFound)));

        g.MapPost("/", async (WarehouseInput input, SellerHubDb db, CancellationToken ct) =>
        {
            var saved = await SaveWarehouse.Handle(input.ToCommand(null), db, ct);
            return TypedResults.Created($"/api/v1/warehouses/{saved.Id}", WarehouseDto.From(saved));
        }).ProducesValidationProblem();

        g.MapPut("/{id:guid}", async (Guid id, WarehouseInput input, SellerHubDb db, CancellationToken ct) =>
            TypedResults.Ok(WarehouseDto.From(await SaveWarehouse.Handle(input.ToCommand(id), db, ct))))
            .ProducesValidationProblem();
    }
}
