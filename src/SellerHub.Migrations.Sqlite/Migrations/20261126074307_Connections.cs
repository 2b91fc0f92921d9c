using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SellerHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Connections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Connection",
                table: "Shops",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "Shops",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastSyncAt",
                table: "Shops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedTokens",
                table: "Shops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RefreshTokenExpiresAt",
                table: "Shops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShopCipher",
                table: "Shops",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "TokenExpiresAt",
                table: "Shops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CarrierConnections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProtectedToken = table.Column<string>(type: "TEXT", nullable: false),
                    CarrierShopId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PickupWarehouseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WebhookSecret = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarrierConnections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarrierConnections_Warehouses_PickupWarehouseId",
                        column: x => x.PickupWarehouseId,
                        principalTable: "Warehouses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CarrierConnections_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChannelApps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AppKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AuthBaseUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ServiceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelApps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelApps_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebhookEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DedupKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExternalShopId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CarrierConnections_PickupWarehouseId",
                table: "CarrierConnections",
                column: "PickupWarehouseId");

            migrationBuilder.CreateIndex(
                name: "IX_CarrierConnections_WebhookSecret",
                table: "CarrierConnections",
                column: "WebhookSecret",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CarrierConnections_WorkspaceId",
                table: "CarrierConnections",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelApps_WorkspaceId_Channel",
                table: "ChannelApps",
                columns: new[] { "WorkspaceId", "Channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_ProcessedAt",
                table: "WebhookEvents",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_Source_DedupKey",
                table: "WebhookEvents",
                columns: new[] { "Source", "DedupKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CarrierConnections");

            migrationBuilder.DropTable(
                name: "ChannelApps");

            migrationBuilder.DropTable(
                name: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "Connection",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "LastSyncAt",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "ProtectedTokens",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "RefreshTokenExpiresAt",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "ShopCipher",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "TokenExpiresAt",
                table: "Shops");
        }
    }
}
