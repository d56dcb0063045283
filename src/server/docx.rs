//! Party documents as DOCX (Hướng dẫn 36-HD/VPTW, see DOMAIN.md "Party document format"):
//! A4, Times New Roman, margins 20 mm top and bottom, 30 mm left, 20 mm right; the header
//! with the superior and issuing bodies on the left and "ĐẢNG CỘNG SẢN VIỆT NAM" on the
//! right, the number, place and date; the document type and its summary; the body at
//! 14 pt, justified; the signature block and the recipients. Written as WordprocessingML
//! by hand (a handful of XML parts in a zip), so every run's font and size is exactly the
//! format's.

use std::io::Write;

/// The header of a party document.
pub struct Header {
    /// The superior body, e.g. "ĐẢNG BỘ TỈNH QUẢNG TRỊ" (upper case, regular).
    pub superior: String,
    /// The issuing body, e.g. "THÀNH ỦY ĐÔNG HÀ" (upper case, bold).
    pub issuer: String,
    /// "Số 12-BC/TU" (the number may be left blank for the clerk: "Số    -BC/TU").
    pub number: String,
    /// "Đông Hà, ngày 05 tháng 7 năm 2020".
    pub place_date: String,
    /// Marked "DỰ THẢO" (a draft), as the seed is.
    pub draft: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Both,
}

impl Align {
    fn xml(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::Both => "both",
        }
    }
}

/// A run of text and how it looks.
#[derive(Clone, Copy)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    /// Points.
    pub size: u32,
}

impl Look {
    pub const BODY: Look = Look { bold: false, italic: false, underline: false, size: 14 };
    pub const BOLD: Look = Look { bold: true, italic: false, underline: false, size: 14 };
    pub const ITALIC: Look = Look { bold: false, italic: true, underline: false, size: 14 };
    pub const fn size(self, size: u32) -> Look {
        Look { size, ..self }
    }
}

/// Text fit for XML: the five escapes, and no character XML 1.0 forbids.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn run(text: &str, look: Look) -> String {
    let mut props = String::new();
    if look.bold {
        props.push_str("<w:b/>");
    }
    if look.italic {
        props.push_str("<w:i/>");
    }
    if look.underline {
        props.push_str("<w:u w:val=\"single\"/>");
    }
    props.push_str(&format!("<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", look.size * 2));
    format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

/// One paragraph of runs.
fn para(runs: &[(&str, Look)], align: Align, first_line_indent: bool, after: u32) -> String {
    let indent = if first_line_indent { "<w:ind w:firstLine=\"567\"/>" } else { "" };
    let body: String = runs.iter().map(|(t, l)| run(t, *l)).collect();
    format!(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"{after}\" w:line=\"276\" w:lineRule=\"auto\"/>{indent}<w:jc w:val=\"{}\"/></w:pPr>{body}</w:p>",
        align.xml()
    )
}

/// The usable width of the page in twentieths of a point: A4 (11906) less 30 mm and 20 mm.
pub const TEXT_WIDTH: u32 = 11906 - 1701 - 1134;

pub struct Doc {
    body: String,
}

impl Default for Doc {
    fn default() -> Self {
        Self::new()
    }
}

impl Doc {
    pub fn new() -> Doc {
        Doc { body: String::new() }
    }

    /// The header: bodies and number on the left, the Party's name, place and date on the right.
    pub fn header(&mut self, h: &Header) {
        let left = [
            para(&[(&h.superior.to_uppercase(), Look::BODY)], Align::Center, false, 0),
            para(&[(&h.issuer.to_uppercase(), Look::BOLD)], Align::Center, false, 0),
            para(&[("*", Look::BODY)], Align::Center, false, 0),
            para(&[(&h.number, Look::BODY)], Align::Center, false, 0),
        ]
        .concat();
        let mut right = para(&[("ĐẢNG CỘNG SẢN VIỆT NAM", Look { underline: true, ..Look::BOLD.size(15) })], Align::Center, false, 240);
        right.push_str(&para(&[(&h.place_date, Look::ITALIC)], Align::Center, false, 0));
        if h.draft {
            right.push_str(&para(&[("DỰ THẢO", Look::BOLD.size(13))], Align::Center, false, 0));
        }
        self.body.push_str(&borderless(&[(4000, left), (TEXT_WIDTH - 4000, right)]));
        self.body.push_str(&para(&[("", Look::BODY)], Align::Left, false, 0));
    }

    /// The document type ("BÁO CÁO", "THÔNG BÁO") and its summary line, and a short rule.
    pub fn title(&mut self, kind: &str, summary: &str) {
        self.body.push_str(&para(&[(&kind.to_uppercase(), Look::BOLD.size(16))], Align::Center, false, 0));
        self.body.push_str(&para(&[(summary, Look::BOLD)], Align::Center, false, 0));
        self.body.push_str(&para(&[("-----", Look::BODY)], Align::Center, false, 240));
    }

    /// A body paragraph: 14 pt, justified, its first line indented.
    pub fn text(&mut self, text: &str) {
        for line in text.split('\n').map(str::trim_end).filter(|l| !l.trim().is_empty()) {
            self.body.push_str(&para(&[(line, Look::BODY)], Align::Both, true, 120));
        }
    }

    /// A section heading ("I. …", "1. …"): bold, justified, indented like the body.
    pub fn heading(&mut self, text: &str) {
        self.body.push_str(&para(&[(text, Look::BOLD)], Align::Both, true, 120));
    }

    /// Runs of mixed looks in one paragraph (e.g. "Kính gửi: " and the recipient).
    pub fn runs(&mut self, runs: &[(&str, Look)], align: Align) {
        self.body.push_str(&para(runs, align, false, 120));
    }

    /// A table with ruled cells: a bold header row, then the rows (12 pt); `widths` in
    /// twentieths of a point; `numeric` columns are centred.
    pub fn table(&mut self, headers: &[&str], rows: &[Vec<String>], widths: &[u32], numeric: &[usize]) {
        let cell = |w: u32, text: &str, look: Look, align: Align| {
            format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>{}</w:tc>",
                para(&[(text, look)], align, false, 0)
            )
        };
        let grid: String = widths.iter().map(|w| format!("<w:gridCol w:w=\"{w}\"/>")).collect();
        let mut xml = format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{}</w:tblBorders>\
             <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"60\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
            widths.iter().sum::<u32>(),
            ["top", "left", "bottom", "right", "insideH", "insideV"]
                .iter()
                .map(|b| format!("<w:{b} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"))
                .collect::<String>()
        );
        xml.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for (h, w) in headers.iter().zip(widths) {
            xml.push_str(&cell(*w, h, Look::BOLD.size(12), Align::Center));
        }
        xml.push_str("</w:tr>");
        for r in rows {
            xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for (i, (v, w)) in r.iter().zip(widths).enumerate() {
                let align = if numeric.contains(&i) { Align::Center } else { Align::Left };
                xml.push_str(&cell(*w, v, Look::BODY.size(12), align));
            }
            xml.push_str("</w:tr>");
        }
        xml.push_str("</w:tbl>");
        self.body.push_str(&xml);
        self.body.push_str(&para(&[("", Look::BODY)], Align::Left, false, 0));
    }

    /// The end: the recipients on the left ("Nơi nhận:"), the signing authority on the right.
    pub fn signature(&mut self, recipients: &[String], authority: &[&str], signer: &str) {
        let mut left = para(&[("Nơi nhận:", Look { bold: true, italic: true, underline: true, size: 12 })], Align::Left, false, 0);
        for r in recipients {
            left.push_str(&para(&[(r, Look::BODY.size(11))], Align::Left, false, 0));
        }
        let mut right = String::new();
        for a in authority {
            right.push_str(&para(&[(a, Look::BOLD)], Align::Center, false, 0));
        }
        for _ in 0..4 {
            right.push_str(&para(&[("", Look::BODY)], Align::Center, false, 0));
        }
        right.push_str(&para(&[(signer, Look::BOLD)], Align::Center, false, 0));
        self.body.push_str(&borderless(&[(4200, left), (TEXT_WIDTH - 4200, right)]));
    }

    /// The DOCX file.
    pub fn finish(self) -> Result<Vec<u8>, std::io::Error> {
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{}\
             <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
             <w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>\
             </w:sectPr></w:body></w:document>",
            self.body
        );
        let parts: [(&str, &str); 5] = [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/_rels/document.xml.rels", DOC_RELS),
            ("word/styles.xml", STYLES),
            ("word/document.xml", &document),
        ];
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, xml) in parts {
            zip.start_file(name, options).map_err(std::io::Error::other)?;
            zip.write_all(xml.as_bytes())?;
        }
        Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
    }
}

/// A table without borders, for the header and the signature block: (width, cell XML).
fn borderless(cells: &[(u32, String)]) -> String {
    let grid: String = cells.iter().map(|(w, _)| format!("<w:gridCol w:w=\"{w}\"/>")).collect();
    let tcs: String = cells
        .iter()
        .map(|(w, xml)| format!("<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{xml}</w:tc>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders>{}</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr>\
         <w:tblGrid>{grid}</w:tblGrid><w:tr>{tcs}</w:tr></w:tbl>",
        cells.iter().map(|c| c.0).sum::<u32>(),
        ["top", "left", "bottom", "right", "insideH", "insideV"].iter().map(|b| format!("<w:{b} w:val=\"nil\"/>")).collect::<String>()
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>\
<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
<w:tblPr><w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_what_xml_forbids() {
        assert_eq!(esc("a<b>&\"c'\u{1}d\te"), "a&lt;b&gt;&amp;&quot;c&apos;d e");
    }
}
