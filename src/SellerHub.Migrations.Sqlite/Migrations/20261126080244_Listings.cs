using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SellerHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Listings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "PushRatio",
                table: "Shops",
                type: "TEXT",
                precision: 5,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "Listings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChannelModelId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SellerSku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    ChannelStock = table.Column<int>(type: "INTEGER", nullable: true),
                    ChannelStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    LinkState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UnlinkedReason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    PushCap = table.Column<int>(type: "INTEGER", nullable: true),
                    PushDirty = table.Column<bool>(type: "INTEGER", nullable: false),
                    PushVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    LastPushedQuantity = table.Column<int>(type: "INTEGER", nullable: true),
                    LastPushAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastPushError = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Listings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Listings_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StockPushLogs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ListingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockPushLogs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ListingLinks",
                columns: table => new
                {
                    ListingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListingLinks", x => new { x.ListingId, x.ProductId });
                    table.ForeignKey(
                        name: "FK_ListingLinks_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ListingLinks_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ListingLinks_ProductId",
                table: "ListingLinks",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_ShopId_ChannelItemId_ChannelModelId",
                table: "Listings",
                columns: new[] { "ShopId", "ChannelItemId", "ChannelModelId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Listings_ShopId_PushDirty",
                table: "Listings",
                columns: new[] { "ShopId", "PushDirty" });

            migrationBuilder.CreateIndex(
                name: "IX_StockPushLogs_ListingId_At",
                table: "StockPushLogs",
                columns: new[] { "ListingId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ListingLinks");

            migrationBuilder.DropTable(
                name: "StockPushLogs");

            migrationBuilder.DropTable(
                name: "Listings");

            migrationBuilder.DropColumn(
                name: "PushRatio",
                table: "Shops");
        }
    }
}
