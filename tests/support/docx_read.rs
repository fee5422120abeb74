//! Reads a .docx back as Word would: its XML parts, through Python's zipfile and ElementTree.
//! Shared by `tests/api/docx.rs` and `tests/api/summary.rs`.

use std::path::Path;
use std::process::Command;

/// What a reader of the file meets, as JSON: each body paragraph (style, text), how many real
/// tables and pictures there are, the footer's fields, every table cell's text and how many
/// paragraphs start a new page.
const READ_DOCX: &str = r#"
import json, sys, zipfile
import xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
doc = ET.fromstring(z.read('word/document.xml'))
body = doc.find(W + 'body')
def text(e):
    return ''.join(t.text or '' for t in e.iter(W + 't'))
paras = []
for p in body.iter(W + 'p'):
    s = p.find(W + 'pPr/' + W + 'pStyle')
    paras.append([s.get(W + 'val') if s is not None else '', text(p)])
cells = [text(c) for c in body.iter(W + 'tc')]
footer = b''.join(z.read(n) for n in z.namelist() if n.startswith('word/footer')).decode()
styles = z.read('word/styles.xml').decode()
print(json.dumps({
    'paragraphs': paras,
    'tables': len(list(body.iter(W + 'tbl'))),
    'pictures': len([n for n in z.namelist() if n.startswith('word/media/')]),
    'cells': cells,
    'footer_fields': [i.text for i in ET.fromstring(footer.encode()).iter(W + 'instrText')] if footer else [],
    'heading_styles': ['w:styleId="Heading1"' in styles and 'w:val="Heading 1"' in styles,
                       'w:styleId="Heading2"' in styles and 'w:val="Heading 2"' in styles],
    'toc': 'TOC \\o' in z.read('word/document.xml').decode(),
    'page_breaks_before': len([e for e in body.iter(W + 'pageBreakBefore') if e.get(W + 'val') not in ('false', '0')]),
}))
"#;

pub fn read_docx(path: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg("-c")
        .arg(READ_DOCX)
        .arg(path)
        .output()
        .expect("python3 is installed");
    assert!(
        out.status.success(),
        "the .docx is a zip of well-formed XML: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the reader prints JSON")
}

pub fn headings(doc: &serde_json::Value, style: &str) -> Vec<String> {
    doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p[0] == style)
        .map(|p| p[1].as_str().unwrap().to_string())
        .collect()
}

pub fn all_text(doc: &serde_json::Value) -> String {
    doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}
