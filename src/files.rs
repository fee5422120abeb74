//! The one way govmat writes a file it hands over (reports, exports, charts, backups): the whole
//! file next to its destination, synced to disk, then renamed into place, so a reader never sees
//! half a file and a crash never leaves a torn one where the board expects a finished one.
//!
//! `file_stem_of` makes any text fit to start a file name (the organisation's or round's name in a
//! suggested file name).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| Error::Io(format!("could not save {}: {e}", path.display()));
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::Invalid(format!("{} is not a file path", path.display())))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the folder is synced; not every platform allows it.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// Text made fit to start a file name the save dialog suggests: the characters file systems
/// refuse replaced by hyphens, a colon dropped ("Demo: Riverside" reads "Demo Riverside"), and no
/// space at either end. The one rule for every suggested name (rounds' exports, paper ballots,
/// the form's questions, a collaborative's report).
pub fn file_stem_of(text: &str) -> String {
    let stem: String = text
        .chars()
        .filter(|c| *c != ':')
        .map(|c| match c {
            '/' | '\\' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    stem.trim().to_string()
}

/// A file's name handed over by the page (a dropped file), reduced to a bare name fit for a
/// message: no folder part, no control characters, at most 200 characters.
pub fn bare_file_name(name: &str) -> String {
    let bare: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if bare.trim().is_empty() {
        "the dropped file".into()
    } else {
        bare
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, b"old").expect("an old file");
        super::write_atomically(&path, b"new").expect("written");
        assert_eq!(std::fs::read(&path).expect("reads"), b"new");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("lists").collect();
        assert_eq!(left.len(), 1, "only the report is left in the folder");
    }

    #[test]
    fn a_dropped_files_name_keeps_only_its_bare_name() {
        assert_eq!(
            super::bare_file_name("C:\\Users\\a\\Board (1).xlsx"),
            "Board (1).xlsx"
        );
        assert_eq!(super::bare_file_name("/home/a/Siân.csv"), "Siân.csv");
        assert_eq!(super::bare_file_name("bad\u{7}name"), "badname");
        assert_eq!(super::bare_file_name("dir/"), "the dropped file");
    }
}
