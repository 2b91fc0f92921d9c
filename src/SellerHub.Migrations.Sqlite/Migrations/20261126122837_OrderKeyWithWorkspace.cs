using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SellerHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrderKeyWithWorkspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_ShopId_ChannelOrderId",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShopId_WorkspaceId_ChannelOrderId",
                table: "Orders",
                columns: new[] { "ShopId", "WorkspaceId", "ChannelOrderId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_ShopId_WorkspaceId_ChannelOrderId",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShopId_ChannelOrderId",
                table: "Orders",
                columns: new[] { "ShopId", "ChannelOrderId" },
                unique: true);
        }
    }
}
