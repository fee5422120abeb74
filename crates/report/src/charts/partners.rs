//! The collaborative's spectrum chart for the screen: every partner's position now and aspired
//! on each dimension, one track per dimension, each partner marked by its number (P1 = 1, …) in
//! a light box above the track (now) and a dark box below it (aspiration), so up to ten partners
//! read in grey print without relying on colour. The PDF draws the same picture with its own
//! vector operations (`pdf::collaborative`).
//!
//! It is plain SVG text written here rather than through plotters: it is only boxes, lines and
//! short labels, and writing them directly keeps every label exact and escaped.

use govmat_core::{SideDimension, SpectrumSideBySide};

use super::FAMILY;

const WIDTH: f32 = 1000.0;
const BOX: f32 = 22.0;
const X0: f32 = 300.0;
const X1: f32 = 960.0;

fn escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn at(v: i64) -> f32 {
    X0 + (X1 - X0) * ((v.clamp(1, 5) - 1) as f32 / 4.0)
}

/// How many rows of up to five boxes the fullest level needs.
fn rows(vals: &[Option<i64>]) -> usize {
    (1..=5)
        .map(|lv| vals.iter().filter(|x| **x == Some(lv)).count().div_ceil(5))
        .max()
        .unwrap_or(0)
        .max(1)
}

fn boxes(out: &mut String, vals: &[Option<i64>], mid: f32, above: bool) {
    let (fill, ink) = if above {
        ("#dce0e5", "#21282f")
    } else {
        ("#005eb8", "#ffffff")
    };
    for lv in 1..=5 {
        let who: Vec<usize> = (0..vals.len()).filter(|i| vals[*i] == Some(lv)).collect();
        for (k, p) in who.iter().enumerate() {
            let (row, col) = (k / 5, k % 5);
            let in_row = (who.len() - row * 5).min(5);
            let x = at(lv) - in_row as f32 * (BOX + 2.0) / 2.0 + col as f32 * (BOX + 2.0);
            let y = if above {
                mid - 6.0 - (row + 1) as f32 * (BOX + 3.0)
            } else {
                mid + 8.0 + row as f32 * (BOX + 3.0)
            };
            out.push_str(&format!(
                r##"<rect x="{x:.1}" y="{y:.1}" width="{BOX}" height="{BOX}" fill="{fill}" stroke="#21282f" stroke-width="0.6"/><text x="{:.1}" y="{:.1}" font-size="13" font-weight="bold" fill="{ink}" text-anchor="middle">{}</text>"##,
                x + BOX / 2.0,
                y + BOX - 6.0,
                p + 1
            ));
        }
    }
}

fn dimension(out: &mut String, d: &SideDimension, top: f32) -> f32 {
    let (up, down) = (rows(&d.now), rows(&d.aspiration));
    let mid = top + up as f32 * (BOX + 3.0) + 8.0;
    out.push_str(&format!(
        r##"<text x="20" y="{:.1}" font-size="15" font-weight="bold" fill="#21282f">{}</text>"##,
        mid + 5.0,
        escape(&clip(&d.title, 34))
    ));
    out.push_str(&format!(
        r##"<line x1="{X0}" y1="{mid:.1}" x2="{X1}" y2="{mid:.1}" stroke="#8a939b" stroke-width="2"/>"##
    ));
    for lv in 1..=5 {
        out.push_str(&format!(
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#4a545e" stroke-width="1.2"/>"##,
            mid - 5.0,
            mid + 5.0,
            x = at(lv)
        ));
    }
    boxes(out, &d.now, mid, true);
    boxes(out, &d.aspiration, mid, false);
    let bottom = mid + 8.0 + down as f32 * (BOX + 3.0) + 14.0;
    out.push_str(&format!(
        r##"<text x="{X0}" y="{bottom:.1}" font-size="12" fill="#4a545e">{}</text><text x="{X1}" y="{bottom:.1}" font-size="12" fill="#4a545e" text-anchor="end">{}</text>"##,
        escape(&clip(&d.low, 48)),
        escape(&clip(&d.high, 48))
    ));
    bottom + 18.0
}

/// The chart as SVG text; only dimensions some partner placed are drawn.
pub fn svg(s: &SpectrumSideBySide) -> String {
    let mut body = String::new();
    // The key: what the two kinds of box mean.
    body.push_str(&format!(
        r##"<rect x="20" y="14" width="{BOX}" height="{BOX}" fill="#dce0e5" stroke="#21282f" stroke-width="0.6"/><text x="52" y="31" font-size="14" fill="#21282f">Now (partner number)</text><rect x="260" y="14" width="{BOX}" height="{BOX}" fill="#005eb8" stroke="#21282f" stroke-width="0.6"/><text x="292" y="31" font-size="14" fill="#21282f">Aspiration (partner number)</text>"##
    ));
    let mut y = 56.0;
    for d in s
        .dimensions
        .iter()
        .filter(|d| d.now.iter().chain(&d.aspiration).any(Option::is_some))
    {
        y = dimension(&mut body, d, y);
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y:.0}" viewBox="0 0 {WIDTH} {y:.0}" font-family="{FAMILY}"><rect width="100%" height="100%" fill="white"/>{body}</svg>"#
    )
}

#[cfg(test)]
mod tests {
    use govmat_core::{SideDimension, SpectrumSideBySide};

    fn dim(
        id: &str,
        title: &str,
        now: Vec<Option<i64>>,
        aspiration: Vec<Option<i64>>,
    ) -> SideDimension {
        SideDimension {
            id: id.into(),
            title: title.into(),
            low: "informal".into(),
            high: "formal".into(),
            now,
            aspiration,
            aspiration_range: None,
        }
    }

    #[test]
    fn every_placed_partner_gets_a_numbered_box_and_titles_are_escaped() {
        let s = SpectrumSideBySide {
            dimensions: vec![
                dim(
                    "a",
                    "<b>Formality</b> & co",
                    vec![Some(1), Some(1), None],
                    vec![Some(5), Some(3), Some(2)],
                ),
                dim("b", "Unplaced", vec![None; 3], vec![None; 3]),
            ],
            distances: Vec::new(),
        };
        let svg = super::svg(&s);
        assert!(
            svg.contains("&lt;b&gt;Formality&lt;/b&gt; &amp; co"),
            "markup in a title is text"
        );
        assert!(!svg.contains("<b>"));
        assert!(
            !svg.contains("Unplaced"),
            "a dimension nobody placed is not drawn"
        );
        // Two key boxes, two now boxes (the third partner has none), three aspiration boxes.
        assert_eq!(svg.matches("<rect x=").count(), 2 + 2 + 3);
    }
}
