using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SellerHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Orders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDemo",
                table: "Workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Error",
                table: "WebhookEvents",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AutoApprove",
                table: "Shops",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "AutoApproveMaxCod",
                table: "Shops",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AutoApproveOnlyWithoutNote",
                table: "Shops",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "AutoApprovePayment",
                table: "Shops",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastOrderPullAt",
                table: "Shops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ChannelOrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChannelStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    ChannelUpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BuyerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecipientPhone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RecipientAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecipientProvinceCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    RecipientWardCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    AddressReview = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AddressCandidates = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AddressConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    WarehouseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PaymentMethod = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Total = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    CodAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    ShippingFee = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    BuyerNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OrderedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ShipBy = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelRequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CancelDeadline = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StatusBeforeCancelRequest = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    AnsweredCancelRequest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Warnings = table.Column<int>(type: "INTEGER", nullable: false),
                    WarningDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    RawJson = table.Column<string>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RequestFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Orders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Orders_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "RejectedOrders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelOrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RawJson = table.Column<string>(type: "TEXT", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Times = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RejectedOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RejectedOrders_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrderEvent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderEvent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderEvent_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrderLine",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelLineId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ListingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ChannelItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ChannelModelId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SellerSku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Components = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Shortage = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderLine_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrderEvent_OrderId_At",
                table: "OrderEvent",
                columns: new[] { "OrderId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLine_OrderId",
                table: "OrderLine",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ChannelOrderId",
                table: "Orders",
                column: "ChannelOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_RecipientPhone",
                table: "Orders",
                column: "RecipientPhone");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShopId_ChannelOrderId",
                table: "Orders",
                columns: new[] { "ShopId", "ChannelOrderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_AddressNeedsReview",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 64) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_NearDeadline",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 16) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_OutOfStock",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 1) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_Overdue",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 32) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_PhoneToCheck",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 128) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_RecipientIncomplete",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 4) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_UnlinkedListing",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 2) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Warning_Unpaid",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false },
                filter: "(\"Warnings\" & 8) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WorkspaceId_IdempotencyKey",
                table: "Orders",
                columns: new[] { "WorkspaceId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WorkspaceId_OrderedAt_Id",
                table: "Orders",
                columns: new[] { "WorkspaceId", "OrderedAt", "Id" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WorkspaceId_ShopId_OrderedAt_Id",
                table: "Orders",
                columns: new[] { "WorkspaceId", "ShopId", "OrderedAt", "Id" },
                descending: new[] { false, false, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WorkspaceId_ShopId_Status_Warnings",
                table: "Orders",
                columns: new[] { "WorkspaceId", "ShopId", "Status", "Warnings" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WorkspaceId_Status_OrderedAt",
                table: "Orders",
                columns: new[] { "WorkspaceId", "Status", "OrderedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WorkspaceId_Status_Warnings",
                table: "Orders",
                columns: new[] { "WorkspaceId", "Status", "Warnings" });

            migrationBuilder.CreateIndex(
                name: "IX_RejectedOrders_ShopId_ChannelOrderId",
                table: "RejectedOrders",
                columns: new[] { "ShopId", "ChannelOrderId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrderEvent");

            migrationBuilder.DropTable(
                name: "OrderLine");

            migrationBuilder.DropTable(
                name: "RejectedOrders");

            migrationBuilder.DropTable(
                name: "Orders");

            migrationBuilder.DropColumn(
                name: "IsDemo",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "Error",
                table: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "AutoApprove",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "AutoApproveMaxCod",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "AutoApproveOnlyWithoutNote",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "AutoApprovePayment",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "LastOrderPullAt",
                table: "Shops");
        }
    }
}
