//! Chart tests: golden SVGs for fixed inputs, XML escaping, heatmap anonymity, trend breaks, and
//! a PNG of every chart written for a person to look at.
//!
//! Inputs are scored by govmat-core from small instruments written inline, so a snapshot changes
//! only when the drawing does. Titles carry the non-ASCII and markup characters that must survive.

mod chart_fixtures;

use chart_fixtures::{answers, maturity, png, round, shipped, spectrum, trend_fixture};
use govmat_core::{Role, Trend};
use govmat_report::charts::{self, Chart, ChartError};

const WIDTH: u32 = 1000;

fn svg_at_natural_height(chart: &Chart) -> String {
    let h = charts::natural_height(chart, WIDTH).expect("the font loads");
    charts::svg(chart, WIDTH, h).expect("the chart draws")
}

#[test]
fn radar_of_area_means_with_target_and_previous_round() {
    let (scale_src, now, before) = (maturity(1), round(0), round(1));
    let chart = Chart::Radar {
        scale: &scale_src.scale,
        round: &now,
        name: "Year two review",
        target: true,
        previous: Some(("Baseline, 2023", &before)),
    };
    insta::assert_snapshot!(
        "radar",
        charts::svg(&chart, WIDTH, 800).expect("radar draws")
    );
}

#[test]
fn item_bars_for_every_area() {
    let (instrument, now) = (maturity(1), round(0));
    let chart = Chart::Bars {
        scale: &instrument.scale,
        round: &now,
        area: None,
    };
    insta::assert_snapshot!("bars_all", svg_at_natural_height(&chart));
}

#[test]
fn item_bars_for_one_unknown_area_is_an_error() {
    let (instrument, now) = (maturity(1), round(0));
    let chart = Chart::Bars {
        scale: &instrument.scale,
        round: &now,
        area: Some("no-such-area"),
    };
    let err = charts::svg(&chart, WIDTH, 400).expect_err("an unknown area cannot be drawn");
    assert!(matches!(err, ChartError::UnknownArea(_)), "got {err}");
}

#[test]
fn heatmap_of_counts_by_item_and_level() {
    let (instrument, now) = (maturity(1), round(0));
    let chart = Chart::Heatmap {
        scale: &instrument.scale,
        round: &now,
    };
    insta::assert_snapshot!("heatmap", svg_at_natural_height(&chart));
}

#[test]
fn trend_across_four_rounds_with_a_version_break() {
    let (instrument, t) = (maturity(1), trend_fixture());
    let chart = Chart::Trend {
        scale: &instrument.scale,
        trend: &t,
    };
    insta::assert_snapshot!(
        "trend",
        charts::svg(&chart, WIDTH, 620).expect("trend draws")
    );
}

#[test]
fn spectrum_profile_now_and_aspiration() {
    let (instrument, summary) = spectrum();
    let chart = Chart::Spectrum {
        scale: &instrument.scale,
        summary: &summary,
    };
    insta::assert_snapshot!("spectrum", svg_at_natural_height(&chart));
}

fn text_drawn(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

#[test]
fn titles_are_xml_escaped_and_set_in_the_embedded_font() {
    let (instrument, now) = (maturity(1), round(0));
    let chart = Chart::Bars {
        scale: &instrument.scale,
        round: &now,
        area: None,
    };
    let svg = svg_at_natural_height(&chart);
    assert!(
        svg.contains("O&apos;Brien &amp; Co &lt;b&gt;"),
        "a title with markup characters is drawn escaped, not interpreted"
    );
    assert!(
        !svg.contains("<b>"),
        "no title can inject an element into the SVG"
    );
    assert!(
        text_drawn(&svg, "⚑ Łukasz&apos;s joint decisions register"),
        "non-ASCII titles survive"
    );
    let fonts: Vec<&str> = svg
        .split("font-family=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap_or(0)])
        .collect();
    assert!(!fonts.is_empty(), "the chart has text");
    assert!(
        fonts.iter().all(|f| *f == "DejaVu Sans"),
        "every text names the embedded font: {fonts:?}"
    );
}

/// Draws the heatmap of a round answered by a board of these roles.
fn heatmap_for(roles: &[Role]) -> String {
    let instrument = maturity(1);
    let ballots: Vec<govmat_core::Ballot> = answers(roles)
        .into_iter()
        .zip(roles)
        .map(|(row, role)| govmat_core::Ballot {
            respondent: String::new(),
            role: *role,
            answers: instrument.items().map(|i| i.id.clone()).zip(row).collect(),
        })
        .collect();
    let now = govmat_core::score_round(&instrument, &ballots, &Default::default());
    let chart = Chart::Heatmap {
        scale: &instrument.scale,
        round: &now,
    };
    svg_at_natural_height(&chart)
}

#[test]
fn the_heatmap_shows_counts_and_never_a_column_per_member() {
    use Role::*;
    let roles = [
        Chair,
        NonExecutive,
        NonExecutive,
        NonExecutive,
        Executive,
        Executive,
        Executive,
        Other,
    ];
    let svg = heatmap_for(&roles);
    for heading in ["Don&apos;t", "answered"] {
        assert!(svg.contains(heading), "a column for {heading}");
    }
    for coded in ["M1", "C1", "N2", "E5", "O8", "Members ("] {
        assert!(
            !text_drawn(&svg, coded),
            "no member is drawn under a code of their own ({coded})"
        );
    }
    for role in ["Chair", "Executives", "Non-executives", "Others"] {
        assert!(
            !svg.contains(&format!("{role} (")),
            "no heading groups members' columns by role: {role}"
        );
    }
}

#[test]
fn an_item_scored_by_fewer_than_three_shows_no_levels() {
    use Role::*;
    // Two members: every item has two scored answers at most, fewer than the minimum of three.
    let svg = heatmap_for(&[NonExecutive, Executive]);
    assert!(
        svg.contains("fewer than 3 scored answers"),
        "the reason is drawn where the levels would be"
    );
}

/// The overall line's segments: black 5 px polylines (one more is the legend's sample).
fn overall_segments(svg: &str) -> usize {
    svg.matches("<polyline fill=\"none\" opacity=\"1\" stroke=\"#000000\" stroke-width=\"5\"")
        .count()
        - 1
}

fn trend_svg(continues: [bool; 4]) -> String {
    let instrument = maturity(1);
    let t = Trend {
        areas: vec![("a".into(), "Area".into())],
        points: continues
            .iter()
            .enumerate()
            .map(|(i, &c)| govmat_core::TrendPoint {
                round: format!("Round {}", i + 1),
                date: format!("2024-0{}-01", i + 1),
                continues: c,
                overall: Some(1.0 + i as f64 * 0.5),
                areas: vec![Some(1.0 + i as f64 * 0.5)],
            })
            .collect(),
    };
    let chart = Chart::Trend {
        scale: &instrument.scale,
        trend: &t,
    };
    charts::svg(&chart, WIDTH, 620).expect("trend draws")
}

#[test]
fn trend_lines_break_where_rounds_are_not_comparable() {
    let joined = trend_svg([false, true, true, true]);
    let broken = trend_svg([false, true, false, true]);
    assert_eq!(
        overall_segments(&joined),
        3,
        "four comparable rounds are joined by three segments"
    );
    assert_eq!(
        overall_segments(&broken),
        2,
        "no segment joins a round to an incomparable one"
    );
    assert_eq!(
        broken.matches("not comparable").count(),
        1,
        "the break is labelled once"
    );
    assert!(
        !joined.contains("not comparable"),
        "comparable rounds show no break"
    );
}

/// Every chart of the fixtures, at the sizes the snapshots use, for the PNG preview test.
fn with_every_chart(mut f: impl FnMut(&str, &Chart, u32)) {
    let (instrument, now, before) = (maturity(1), round(0), round(1));
    let scale = &instrument.scale;
    let t = trend_fixture();
    let (spectrum_instrument, summary) = spectrum();
    let charts = [
        (
            "radar",
            Chart::Radar {
                scale,
                round: &now,
                name: "Year two review",
                target: true,
                previous: Some(("Baseline, 2023", &before)),
            },
            Some(800),
        ),
        (
            "bars_all",
            Chart::Bars {
                scale,
                round: &now,
                area: None,
            },
            None,
        ),
        (
            "bars_risk",
            Chart::Bars {
                scale,
                round: &now,
                area: Some("risk"),
            },
            None,
        ),
        ("heatmap", Chart::Heatmap { scale, round: &now }, None),
        ("trend", Chart::Trend { scale, trend: &t }, Some(620)),
        (
            "spectrum",
            Chart::Spectrum {
                scale: &spectrum_instrument.scale,
                summary: &summary,
            },
            None,
        ),
    ];
    for (name, chart, height) in &charts {
        let h =
            height.unwrap_or_else(|| charts::natural_height(chart, WIDTH).expect("the font loads"));
        f(name, chart, h);
    }

    let s = shipped::shipped();
    let (checklist, real) = (&s.checklist, &s.real);
    let (spectrum_real, real_summary) = (&s.spectrum, &s.summary);
    let real_charts = [
        (
            "real_radar",
            Chart::Radar {
                scale: &checklist.scale,
                round: real,
                name: "This round",
                target: false,
                previous: None,
            },
        ),
        (
            "real_bars",
            Chart::Bars {
                scale: &checklist.scale,
                round: real,
                area: None,
            },
        ),
        (
            "real_heatmap",
            Chart::Heatmap {
                scale: &checklist.scale,
                round: real,
            },
        ),
        (
            "real_spectrum",
            Chart::Spectrum {
                scale: &spectrum_real.scale,
                summary: real_summary,
            },
        ),
    ];
    for (name, chart) in &real_charts {
        let h = if matches!(chart, Chart::Radar { .. }) {
            800
        } else {
            charts::natural_height(chart, WIDTH).expect("the font loads")
        };
        f(name, chart, h);
    }
}

#[test]
fn every_chart_renders_to_pixels_for_review() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("charts");
    std::fs::create_dir_all(&dir).expect("the preview folder can be made");
    with_every_chart(|name, chart, h| {
        let pixels = charts::rgb(chart, WIDTH, h).expect("the chart rasterises");
        assert_eq!(
            pixels.len(),
            (WIDTH * h * 3) as usize,
            "{name}: one RGB triple per pixel"
        );
        assert!(
            pixels.iter().any(|&b| b < 128),
            "{name}: something dark was drawn"
        );
        png::write(&dir.join(format!("{name}.png")), WIDTH, h, &pixels);
        // At print resolution (21 cm at 200 dpi) the layout scales and nothing shifts.
        let (w2, h2) = (1654, (h as f64 * 1.654).round() as u32);
        let print = charts::rgb(chart, w2, h2).expect("the chart rasterises at print size");
        png::write(&dir.join(format!("{name}@print.png")), w2, h2, &print);
        let svg = charts::svg(chart, WIDTH, h).expect("the chart draws");
        std::fs::write(dir.join(format!("{name}.svg")), svg).expect("the preview SVG is written");
    });
}

#[test]
fn empty_and_cramped_inputs_still_draw() {
    let instrument = maturity(1);
    let scale = &instrument.scale;
    let empty_round = govmat_core::RoundScore {
        respondents: 0,
        min_group: govmat_core::MIN_GROUP,
        areas: Vec::new(),
        overall: None,
        items_in_mean: 0,
        items_total: 0,
        level: None,
        items_in_level: 0,
        items_agreed: 0,
        split: govmat_core::Split::Suppressed {
            reason: "nobody answered".into(),
        },
    };
    let no_rounds = Trend {
        areas: Vec::new(),
        points: Vec::new(),
    };
    let (spectrum_instrument, mut no_dimensions) = spectrum();
    no_dimensions.dimensions.clear();
    no_dimensions.nearest_now.clear();
    let now = round(0);
    let cases = [
        Chart::Radar {
            scale,
            round: &empty_round,
            name: "Empty",
            target: true,
            previous: None,
        },
        Chart::Radar {
            scale,
            round: &now,
            name: "Now",
            target: true,
            previous: Some(("Empty", &empty_round)),
        },
        Chart::Bars {
            scale,
            round: &empty_round,
            area: None,
        },
        Chart::Heatmap {
            scale,
            round: &empty_round,
        },
        Chart::Trend {
            scale,
            trend: &no_rounds,
        },
        Chart::Spectrum {
            scale: &spectrum_instrument.scale,
            summary: &no_dimensions,
        },
    ];
    for chart in &cases {
        for (w, h) in [(1000, 700), (317, 123), (1333, 4000)] {
            let svg =
                charts::svg(chart, w, h).unwrap_or_else(|e| panic!("{chart:?} at {w}×{h}: {e}"));
            assert!(svg.starts_with("<svg"), "a whole SVG document comes back");
            charts::rgb(chart, w, h).unwrap_or_else(|e| panic!("{chart:?} at {w}×{h}: {e}"));
        }
    }
    assert!(
        matches!(
            charts::svg(&cases[0], 10, 10),
            Err(ChartError::Size(10, 10))
        ),
        "a chart too small to read is refused, not drawn illegibly"
    );
}

#[test]
fn a_ten_year_trend_names_rounds_it_has_room_for_and_always_the_latest() {
    let instrument = maturity(1);
    let t = Trend {
        areas: vec![("a".into(), "Area".into())],
        points: (0..40)
            .map(|i| govmat_core::TrendPoint {
                round: format!("{} Q{}", 2016 + i / 4, i % 4 + 1),
                date: format!("{}-{:02}-15", 2016 + i / 4, (i % 4) * 3 + 1),
                continues: i > 0,
                overall: Some(2.0),
                areas: vec![Some(2.0)],
            })
            .collect(),
    };
    let chart = Chart::Trend {
        scale: &instrument.scale,
        trend: &t,
    };
    let svg = charts::svg(&chart, WIDTH, 620).expect("trend draws");
    let shown = (0..40)
        .filter(|i| svg.contains(&format!("\n{} Q{}\n", 2016 + i / 4, i % 4 + 1)))
        .count();
    assert!(
        (4..=12).contains(&shown),
        "some rounds are named, each in full, not all 40 squeezed: {shown}"
    );
    assert!(
        svg.contains("\n2025 Q4\n"),
        "the latest round is always named"
    );
    assert!(!svg.contains('…'), "no name is cut short");
}

/// The texts of an SVG's `<text>` elements, unescaped, in document order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').expect("a text element closes its tag") + 1..];
            let body = &body[..body.find("</text>").expect("a text element ends")];
            body.trim_matches('\n')
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn vector_marks_for_the_pdf_carry_the_same_text_and_shapes_as_the_screen_svg() {
    with_every_chart(|name, chart, h| {
        let svg = charts::svg(chart, WIDTH, h).expect("the chart draws");
        let drawing = charts::vector(chart, WIDTH, h).expect("the chart records");
        let recorded: Vec<String> = drawing.texts().map(str::to_string).collect();
        assert_eq!(
            recorded,
            svg_texts(&svg),
            "{name}: the PDF's chart text is the screen's, word for word and in order"
        );
        let shapes = drawing
            .marks
            .iter()
            .filter(|m| !matches!(m, charts::Mark::Text { .. }))
            .count();
        let svg_shapes = [
            "<line",
            "<polyline",
            "<polygon",
            "<rect",
            "<circle",
            "<path",
        ]
        .iter()
        .map(|tag| svg.matches(tag).count())
        .sum::<usize>();
        assert_eq!(
            shapes, svg_shapes,
            "{name}: one vector mark for each SVG shape, so nothing drawn on screen is lost in print"
        );
    });
}
