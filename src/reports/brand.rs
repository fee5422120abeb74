//! The consultant's branding file: who prepared the report, and a logo.

use std::path::Path;

use govmat_report::document::{Brand, Image};

use crate::error::{Error, Result};

/// Reads a branding file: `prepared_by`, `consultant` and `logo` (a PNG path, relative to the file).
pub fn read_brand(path: &Path) -> Result<Brand> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
    let doc = toml_edit::ImDocument::parse(text.as_str()).map_err(|e| {
        let (line, col) = govmat_core::line_col(&text, e.span().map_or(0, |s| s.start));
        Error::Invalid(format!(
            "{shown}:{line}:{col}: invalid TOML: {}",
            e.message().trim()
        ))
    })?;
    let mut brand = Brand::default();
    for (key, item) in doc.as_table().iter() {
        let (line, col) = govmat_core::line_col(&text, item.span().map_or(0, |s| s.start));
        let value = item.as_str().ok_or_else(|| {
            Error::Invalid(format!("{shown}:{line}:{col}: `{key}` must be a string"))
        })?;
        match key {
            "prepared_by" => brand.prepared_by = Some(value.to_string()),
            "consultant" => brand.consultant = Some(value.to_string()),
            "logo" => {
                let logo = path.parent().unwrap_or(Path::new(".")).join(value);
                brand.logo = Some(read_png(&logo).map_err(|e| Error::Invalid(format!("{shown}:{line}:{col}: logo {}: {e}", logo.display())))?);
            }
            other => {
                return Err(Error::Invalid(format!("{shown}:{line}:{col}: unknown field `{other}`; expected prepared_by, consultant or logo")))
            }
        }
    }
    Ok(brand)
}

/// Decodes a PNG to RGB8, compositing any transparency onto white.
fn read_png(path: &Path) -> std::result::Result<Image, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "the image is too large to read".to_string())?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let (w, h) = (info.width as usize, info.height as usize);
    let px = &buf[..info.buffer_size()];
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgb => px.to_vec(),
        png::ColorType::Rgba => px
            .chunks(4)
            .flat_map(|p| over_white(&p[..3], p[3]))
            .collect(),
        png::ColorType::Grayscale => px.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => px
            .chunks(2)
            .flat_map(|p| over_white(&[p[0], p[0], p[0]], p[1]))
            .collect(),
        png::ColorType::Indexed => return Err("indexed PNG could not be expanded".into()),
    };
    Ok(Image {
        rgb,
        width: w,
        height: h,
    })
}

fn over_white(rgb: &[u8], alpha: u8) -> [u8; 3] {
    let a = u16::from(alpha);
    let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
    [mix(rgb[0]), mix(rgb[1]), mix(rgb[2])]
}
