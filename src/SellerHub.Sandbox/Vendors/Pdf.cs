using System.Text;

namespace SellerHub.Sandbox.Vendors;

/// <summary>A real (if plain) one-page PDF: enough for a label printer, a viewer and pdftotext.</summary>
public static class Pdf
{
    /// <param name="lines">ASCII lines; Vietnamese marks are folded away (the base-14 fonts lack them).</param>
    public static byte[] Label(double widthMm, double heightMm, IEnumerable<string> lines)
    {
        var w = widthMm / 25.4 * 72;
        var h = heightMm / 25.4 * 72;
        var text = new StringBuilder("BT /F1 11 Tf 14 TL ");
        text.Append($"12 {h - 24:0} Td ");
        foreach (var line in lines) text.Append('(').Append(Escape(Ascii(line))).Append(") Tj T* ");
        text.Append("ET");
        var content = text.ToString();

        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:0} {h:0}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static string Ascii(string s) => new(s.Replace('Đ', 'D').Replace('đ', 'd').Normalize(NormalizationForm.FormD)
        .Where(c => c < 128).ToArray());

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
}
