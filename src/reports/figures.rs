//! The charts a report or screen draws: which chart a kind names, drawn as recorded vector marks
//! for the PDF or as PNG pictures for Word, several at once on the machine's cores.

use govmat_report::charts::{self, Chart};
use govmat_report::docx::Png;

use govmat_report::document::{Brand, Charts};
use govmat_report::docx::PngCharts;

use super::{Extras, Target, CHART_KINDS, PRINT_W};
use crate::error::{Error, Result};
use crate::views::RoundView;

/// The full report's charts, drawn for `target`: vector marks for the PDF, which it replays as
/// its own content, and PNG for Word (with the brand's logo).
pub(super) fn report_charts(
    v: &RoundView,
    x: &Extras,
    target: Target,
    brand: &Brand,
) -> Result<(Charts, PngCharts)> {
    let mut jobs: Vec<(Chart, u32)> = vec![
        (chart_of(v, x, "radar")?, PRINT_W),
        (chart_of(v, x, "heatmap")?, PRINT_W),
    ];
    for area in &v.score.areas {
        let chart = Chart::Bars {
            scale: &v.instrument.scale,
            round: &v.score,
            area: Some(&area.id),
        };
        jobs.push((chart, PRINT_W));
    }
    let has_spectrum = v
        .spectrum
        .as_ref()
        .is_some_and(|s| s.summary.members > 0 || !s.summary.nearest_now.is_empty());
    if has_spectrum {
        jobs.push((chart_of(v, x, "spectrum")?, PRINT_W));
    }
    let has_trend = x.trend.as_ref().is_some_and(|t| t.points.len() > 1);
    if has_trend {
        jobs.push((chart_of(v, x, "trend")?, PRINT_W));
    }
    let benchmark = x.benchmark.as_ref().filter(|b| b.enough());
    if let Some(view) = benchmark {
        let scale = &v.instrument.scale;
        jobs.push((Chart::Benchmark { scale, view }, PRINT_W));
    }
    let mut c = Charts::default();
    let mut pngs = PngCharts::default();
    match target {
        Target::Pdf => {
            let mut images = record(&jobs)?.into_iter();
            c.radar = images.next();
            c.heatmap = images.next();
            c.area_bars = v.score.areas.iter().map(|_| images.next()).collect();
            c.spectrum = if has_spectrum { images.next() } else { None };
            c.trend = if has_trend { images.next() } else { None };
            c.benchmark = benchmark.and_then(|_| images.next());
        }
        Target::Docx => {
            let mut images = rasterise(&jobs)?.into_iter();
            pngs.radar = images.next();
            pngs.heatmap = images.next();
            pngs.area_bars = v.score.areas.iter().map(|_| images.next()).collect();
            pngs.spectrum = if has_spectrum { images.next() } else { None };
            pngs.trend = if has_trend { images.next() } else { None };
            pngs.benchmark = benchmark.and_then(|_| images.next());
            pngs.logo = brand.logo.as_ref().map(|l| Png {
                bytes: encode_png(&l.rgb, l.width as u32, l.height as u32),
                width: l.width as u32,
                height: l.height as u32,
            });
        }
    }
    Ok((c, pngs))
}

/// Pixel width of a chart pictured across a Word page (483 pt): 1,350 px is just over 200 dpi.
const PICTURE_W: u32 = 1350;

/// Draws each chart as PNG for Word, with the same drawing code as the SVG and the PDF, at
/// [`PICTURE_W`] whatever width the PDF records it at. Spread over the available cores.
pub(super) fn rasterise(jobs: &[(Chart, u32)]) -> Result<Vec<Png>> {
    let draw = |(chart, _): &(Chart, u32)| -> Result<Png> {
        let w = PICTURE_W;
        let h = charts::natural_height(chart, w).map_err(chart_err)?;
        let rgb = charts::rgb(chart, w, h).map_err(chart_err)?;
        Ok(Png {
            bytes: encode_png(&rgb, w, h),
            width: w,
            height: h,
        })
    };
    parallel(jobs, draw)
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("a PNG header writes to memory");
        w.write_image_data(rgb)
            .expect("the pixel buffer matches the PNG's size");
    }
    out
}

/// Records each (chart, pixel width) at its natural height, spread over the available cores.
pub(super) fn record(jobs: &[(Chart, u32)]) -> Result<Vec<charts::Drawing>> {
    let draw = |(chart, w): &(Chart, u32)| -> Result<charts::Drawing> {
        let h = charts::natural_height(chart, *w).map_err(chart_err)?;
        charts::vector(chart, *w, h).map_err(chart_err)
    };
    parallel(jobs, draw)
}

/// Runs `draw` over `jobs` on the available cores, keeping their order.
fn parallel<T: Send>(
    jobs: &[(Chart, u32)],
    draw: impl Fn(&(Chart, u32)) -> Result<T> + Sync + Send + Copy,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let chunk = jobs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(draw).collect::<Result<Vec<_>>>()))
            .collect();
        let mut out = Vec::with_capacity(jobs.len());
        for h in handles {
            out.extend(h.join().expect("chart drawing does not panic")?);
        }
        Ok(out)
    })
}

pub(super) fn chart_err(e: charts::ChartError) -> Error {
    Error::Invalid(format!("cannot draw the chart: {e}"))
}

pub(super) fn chart_of<'a>(v: &'a RoundView, x: &'a Extras, kind: &str) -> Result<Chart<'a>> {
    let scale = &v.instrument.scale;
    Ok(match kind {
        "radar" => Chart::Radar {
            scale,
            round: &v.score,
            name: &v.round.name,
            target: true,
            previous: x
                .previous
                .as_ref()
                .map(|p| (p.round.name.as_str(), &p.score)),
        },
        "bars" => Chart::Bars {
            scale,
            round: &v.score,
            area: None,
        },
        "heatmap" => Chart::Heatmap {
            scale,
            round: &v.score,
        },
        "trend" => Chart::Trend {
            scale,
            trend: x
                .trend
                .as_ref()
                .ok_or_else(|| Error::Invalid("the trend was not loaded for this chart".into()))?,
        },
        "spectrum" => {
            let s = v.spectrum.as_ref().ok_or_else(|| {
                Error::NotFound(format!(
                    "round \"{}\" has no spectrum positions yet",
                    v.round.name
                ))
            })?;
            Chart::Spectrum {
                scale: &s.instrument.scale,
                summary: &s.summary,
            }
        }
        other => {
            return Err(Error::Invalid(format!(
                "unknown chart kind \"{other}\"; use one of: {}",
                CHART_KINDS.join(", ")
            )))
        }
    })
}
