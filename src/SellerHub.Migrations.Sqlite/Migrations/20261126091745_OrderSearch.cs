using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SellerHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrderSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Orders",
                type: "TEXT",
                maxLength: 600,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Orders");
        }
    }
}
