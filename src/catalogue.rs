//! The instruments on offer: the files shipped inside the binary, plus a consultant's own folder.

use std::path::{Path, PathBuf};

use govmat_core::{parse_instrument, Instrument};

use crate::error::{Error, Result};

/// The shipped questionnaires, compiled in so the binary works from any folder.
const SHIPPED: &[(&str, &str)] = &[
    (
        "collaboration-checklist.toml",
        include_str!("../questionnaires/collaboration-checklist.toml"),
    ),
    (
        "governance-spectrum.toml",
        include_str!("../questionnaires/governance-spectrum.toml"),
    ),
    (
        "system-working-principles.toml",
        include_str!("../questionnaires/system-working-principles.toml"),
    ),
    (
        "navigating-governance.toml",
        include_str!("../questionnaires/navigating-governance.toml"),
    ),
    (
        "case-study-lessons.toml",
        include_str!("../questionnaires/case-study-lessons.toml"),
    ),
];

/// Largest questionnaire file we read; anything bigger is a mistake, not a questionnaire.
pub const MAX_QUESTIONNAIRE_BYTES: u64 = 1024 * 1024;

/// An instrument together with the exact text it was read from (stored with each round).
#[derive(Debug, Clone)]
pub struct Entry {
    pub instrument: Instrument,
    pub source: String,
    pub origin: String,
}

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    entries: Vec<Entry>,
    /// Every problem of the consultant's files that were left out, as `file:line:col: message`.
    problems: Vec<String>,
}

impl Catalogue {
    /// The shipped instruments only.
    pub fn shipped() -> Catalogue {
        let entries = SHIPPED
            .iter()
            .map(|(name, text)| Entry {
                instrument: parse_instrument(&format!("questionnaires/{name}"), text)
                    .unwrap_or_else(|e| panic!("shipped questionnaire is invalid:\n{e}")),
                source: text.to_string(),
                origin: "shipped".into(),
            })
            .collect();
        Catalogue {
            entries,
            problems: Vec::new(),
        }
    }

    /// The shipped instruments plus every valid `*.toml` in `dir` (if it exists). A file with
    /// problems is left out and its problems kept ([`Catalogue::problems`]): one broken file of a
    /// consultant's must not lock a board out of its database, and the problems are shown where
    /// the consultant looks (the start screen, `govmat check`, `govmat questionnaires`).
    pub fn with_folder(dir: Option<&Path>) -> Result<Catalogue> {
        let mut cat = Catalogue::shipped();
        let Some(dir) = dir.filter(|d| d.is_dir()) else {
            return Ok(cat);
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| {
                Error::Io(format!(
                    "cannot read questionnaire folder {}: {e}",
                    dir.display()
                ))
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let mut problems = Vec::new();
        for path in files {
            match read_questionnaire(&path) {
                Ok((instrument, source)) => {
                    if cat
                        .get_version(&instrument.id, instrument.version)
                        .is_some()
                    {
                        problems.push(format!(
                            "{}:1:1: {} version {} is already provided by another file",
                            path.display(),
                            instrument.id,
                            instrument.version
                        ));
                    } else {
                        cat.entries.push(Entry {
                            instrument,
                            source,
                            origin: path.display().to_string(),
                        });
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
        cat.problems = problems;
        Ok(cat)
    }

    /// The problems of the files in the questionnaire folder that were left out, each as
    /// `file:line:col: message`; empty when every file was read.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The newest version of an instrument.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.instrument.id == id)
            .max_by_key(|e| e.instrument.version)
    }

    pub fn get_version(&self, id: &str, version: u32) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.instrument.id == id && e.instrument.version == version)
    }

    /// The spectrum used alongside maturity rounds: the newest shipped or added spectrum.
    pub fn spectrum(&self) -> Option<&Entry> {
        self.get("governance-spectrum").or_else(|| {
            self.entries
                .iter()
                .find(|e| e.instrument.kind == govmat_core::Kind::Spectrum)
        })
    }

    pub fn require(&self, id: &str) -> Result<&Entry> {
        self.get(id).ok_or_else(|| {
            let known: Vec<&str> = self
                .entries
                .iter()
                .map(|e| e.instrument.id.as_str())
                .collect();
            Error::NotFound(format!(
                "no questionnaire with id \"{id}\"; known: {}",
                known.join(", ")
            ))
        })
    }
}

/// Reads and validates one questionnaire file, refusing oversized or non-UTF-8 files clearly.
pub fn read_questionnaire(path: &Path) -> Result<(Instrument, String)> {
    let shown = path.display().to_string();
    let meta =
        std::fs::metadata(path).map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
    if meta.len() > MAX_QUESTIONNAIRE_BYTES {
        return Err(Error::Invalid(format!(
            "{shown}:1:1: file is {} bytes; a questionnaire may be at most {MAX_QUESTIONNAIRE_BYTES} bytes",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = govmat_core::line_col(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Error::Invalid(format!("{shown}:{line}:{col}: file is not valid UTF-8"))
    })?;
    let instrument = parse_instrument(&shown, &text).map_err(|d| Error::Invalid(d.to_string()))?;
    Ok((instrument, text))
}
