//! Safety nets: a snapshot of the whole database before anything is deleted, Undo of those
//! deletes for the rest of the session, and backup and restore of the database file.
//!
//! A snapshot is a full copy (`VACUUM INTO`) in a folder beside the database,
//! `<database file>.snapshots/`, named by a running number and what it precedes — never by an
//! organisation's or member's name, which are hostile text. What a snapshot precedes is said by
//! the kind of change ("A roster merge in Riverside"), never whom it touched: the start screen may
//! be on the projector. The members' names are given only to whoever has the board's roster PIN
//! ([`Govmat::undoable_named`]). A label keeps the organisation's and members' names as parts
//! ([`Label`]), so a rename later in the session is followed: a label made before it never
//! shows the old name. Only the newest [`KEEP_SNAPSHOTS`] are
//! kept. Undo and restore copy a file back over the live database after checking it like any
//! database being opened, and first take a snapshot of the present, so neither can lose work.
//! Every use case here is refused while a round collects privately.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{Error, Govmat, Result};

/// How many snapshots the folder keeps; the oldest go first.
pub const KEEP_SNAPSHOTS: usize = 20;

/// A snapshot this session can go back to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// The file's name in the snapshot folder: what the UI sends back to undo.
    pub name: String,
    /// What kind of change came after it, naming no member: "Deleted round Annual review 2026 of
    /// Riverside", "A roster merge in Riverside". Rendered from `label`, with the names as they
    /// are now.
    pub what: String,
    #[serde(skip)]
    label: Label,
    /// The same, naming the members, for whoever gives the board's roster PIN: the organisation
    /// and the label ("Merged Siân Evans into Sian Evans in Riverside"). Never serialised.
    #[serde(skip)]
    named: Option<(i64, Label)>,
}

/// An Undo label in parts: text as written, and the names a rename may change later.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Label(pub(crate) Vec<Part>);

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    Text(String),
    /// An organisation's name, by its id.
    Organisation(i64, String),
    /// A roster member's name in an organisation, matched by its key (`name_key`) when renamed.
    Member(i64, String),
}

impl Label {
    fn text(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Text(t) | Part::Organisation(_, t) | Part::Member(_, t) => t.as_str(),
            })
            .collect()
    }

    /// Gives every part `follows` accepts the name `new`; says whether any changed.
    fn rename(&mut self, follows: impl Fn(&Part) -> bool, new: &str) -> bool {
        let mut changed = false;
        for p in &mut self.0 {
            if follows(p) {
                if let Part::Organisation(_, t) | Part::Member(_, t) = p {
                    *t = new.to_string();
                    changed = true;
                }
            }
        }
        changed
    }
}

impl From<String> for Label {
    fn from(text: String) -> Label {
        Label(vec![Part::Text(text)])
    }
}

impl Govmat {
    /// The folder snapshots are kept in, beside the database file.
    pub fn snapshot_dir(&self) -> PathBuf {
        let db = self.db_path();
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".snapshots");
        db.with_file_name(name)
    }

    /// Writes a consistent copy of the whole database to `out` (`govmat backup --out FILE`).
    pub fn backup(&self, out: &Path) -> Result<()> {
        self.unlocked()?;
        if same_file(out, self.db_path()) {
            return Err(Error::Invalid(format!(
                "{} is the database itself: choose another file for the backup",
                out.display()
            )));
        }
        Ok(self.unlocked()?.copy_to(out)?)
    }

    /// Replaces the database with the backup at `from`, after checking it is a govmat database
    /// this version can read and is not damaged. The present database is kept aside first as a
    /// snapshot, which is returned (and can be undone like a delete).
    pub fn restore(&mut self, from: &Path) -> Result<Snapshot> {
        self.unlocked()?;
        if same_file(from, self.db_path()) {
            return Err(Error::Invalid(format!(
                "{} is the database already open",
                from.display()
            )));
        }
        govmat_store::check_backup(from)?;
        let kept = self.snapshot_before(format!("Restored from {}", from.display()))?;
        self.unlocked_mut()?.restore_from(from)?;
        self.forget_scores();
        Ok(kept)
    }

    /// This session's snapshots, newest first: what Undo can go back to.
    pub fn undoable(&self) -> Vec<Snapshot> {
        self.undo.iter().rev().cloned().collect()
    }

    /// As [`Govmat::undoable`], with the members named in the board's own roster changes, for the
    /// facilitator who gives the board's roster PIN (at `now`, Unix seconds).
    pub fn undoable_named(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
    ) -> Result<Vec<Snapshot>> {
        self.check_roster_pin(organisation_id, pin, now)?;
        Ok(self
            .undoable()
            .into_iter()
            .map(|mut s| {
                if let Some((org, label)) = &s.named {
                    if *org == organisation_id {
                        s.what = label.text();
                    }
                }
                s
            })
            .collect())
    }

    /// Puts the database back as it was just before `name`'s delete (or restore). Whatever
    /// changed since is undone with it, so the present is snapshotted first and can be restored.
    pub fn undo(&mut self, name: &str) -> Result<()> {
        self.unlocked()?;
        let at = self
            .undo
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| Error::NotFound(format!("nothing to undo named {name}")))?;
        let path = self.snapshot_dir().join(name);
        let what = self.undo[at].what.clone();
        // The later entries describe states this undo goes back before.
        let later = self.undo.split_off(at);
        let present = self.snapshot_before(format!("Undid: {what}"));
        let restored = present.and_then(|_| Ok(self.unlocked_mut()?.restore_from(&path)?));
        // The "before undoing" snapshot is for restore, not a delete to undo again.
        self.undo.pop();
        if let Err(e) = restored {
            self.undo.extend(later);
            return Err(e);
        }
        self.forget_scores();
        Ok(())
    }

    /// Takes a snapshot of the whole database now, remembers it for Undo, and prunes the folder.
    /// `what` must name no member (see [`Govmat::snapshot_naming`]).
    pub(crate) fn snapshot_before(&mut self, what: String) -> Result<Snapshot> {
        self.snapshot_labelled(what.into(), None)
    }

    /// As [`Govmat::snapshot_before`], with a text naming the members for the roster PIN's
    /// holder of organisation `named.0`.
    pub(crate) fn snapshot_naming(
        &mut self,
        what: String,
        named: Option<(i64, String)>,
    ) -> Result<Snapshot> {
        self.snapshot_labelled(what.into(), named.map(|(org, t)| (org, t.into())))
    }

    /// Renames organisation `id` in every label of this session (see [`Label`]).
    pub(crate) fn relabel_organisation(&mut self, id: i64, name: &str) {
        self.relabel(|p| matches!(p, Part::Organisation(o, _) if *o == id), name);
    }

    /// Renames roster member `old` of organisation `org` in every label of this session.
    pub(crate) fn relabel_member(&mut self, org: i64, old: &str, name: &str) {
        let key = govmat_core::name_key(old);
        self.relabel(
            |p| matches!(p, Part::Member(o, n) if *o == org && govmat_core::name_key(n) == key),
            name,
        );
    }

    fn relabel(&mut self, follows: impl Fn(&Part) -> bool, name: &str) {
        for s in &mut self.undo {
            if s.label.rename(&follows, name) {
                s.what = s.label.text();
            }
            if let Some((_, named)) = &mut s.named {
                named.rename(&follows, name);
            }
        }
    }

    /// Takes a snapshot labelled in parts, so the label follows later renames.
    pub(crate) fn snapshot_labelled(
        &mut self,
        label: Label,
        named: Option<(i64, Label)>,
    ) -> Result<Snapshot> {
        let dir = self.snapshot_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
        let mut numbered = numbered_snapshots(&dir)?;
        let next = numbered.last().map_or(1, |(n, _)| n + 1);
        let name = format!("{next:06}.db");
        self.unlocked()?.copy_to(&dir.join(&name))?;
        numbered.push((next, name.clone()));
        let excess = numbered.len().saturating_sub(KEEP_SNAPSHOTS);
        for (_, old) in &numbered[..excess] {
            let _ = std::fs::remove_file(dir.join(old));
            self.undo.retain(|s| &s.name != old);
        }
        let snapshot = Snapshot {
            name,
            what: label.text(),
            label,
            named,
        };
        self.undo.push(snapshot.clone());
        Ok(snapshot)
    }

    /// Drops the scores computed so far; a second connection calls it after a restore through the
    /// first, since restored rounds may reuse ids and revisions with other data.
    pub fn forget_scores(&self) {
        *self.scores.borrow_mut() = Default::default();
    }
}

/// The snapshot files in `dir`, oldest first.
fn numbered_snapshots(dir: &Path) -> Result<Vec<(u64, String)>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::Io(format!("cannot read {}: {e}", dir.display())))?;
    let mut found: Vec<(u64, String)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let n = name.strip_suffix(".db")?.parse().ok()?;
            Some((n, name))
        })
        .collect();
    found.sort();
    Ok(found)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
