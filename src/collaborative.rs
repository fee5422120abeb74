//! The provider collaborative: a board shares a results pack of one round, and the
//! collaborative's programme director puts the partners' packs side by side.
//!
//! A pack is built from the anonymised [`RoundView`](crate::RoundView) only, and only from the
//! fields the board agrees to share: agreed scores and targets, means, spread statistics of items
//! scored by at least the organisation's minimum group, the agreed spectrum position, and open
//! action titles (never owners) if the board ticks that box. Import is all or nothing: every
//! file is read and checked (schema, hash, questionnaire) and every problem is listed with the
//! file's name before anything is written.

use std::path::Path;

use govmat_core::{
    sha256_hex, side_by_side, CollaborativeView, Pack, PackArea, PackDimension, PackInstrument,
    PackItem, PackSpectrum, Spread, PACK_FORMAT, PACK_SCHEMA,
};
use govmat_store::{self as store, CollaborativeRow, NewPack, StoreError};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::files::write_atomically;
use crate::{Govmat, RoundView};

/// A pack file is a few kilobytes; anything far larger is not one.
pub const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;

/// A file handed in for import: its name (for messages) and its bytes.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What an import added: each pack as "partner: round".
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PackImport {
    pub added: Vec<String>,
    pub replaced: Vec<String>,
}

impl PackFile {
    /// Reads a pack file from disk, refusing one too large to be a pack.
    pub fn read(path: &Path) -> Result<PackFile> {
        let name = path.display().to_string();
        let meta =
            std::fs::metadata(path).map_err(|e| Error::Io(format!("{name}: cannot read: {e}")))?;
        if meta.len() > MAX_PACK_BYTES {
            return Err(Error::Invalid(format!(
                "{name}: {} bytes is too large for a pack (at most {MAX_PACK_BYTES})",
                meta.len()
            )));
        }
        let bytes =
            std::fs::read(path).map_err(|e| Error::Io(format!("{name}: cannot read: {e}")))?;
        Ok(PackFile { name, bytes })
    }

    /// A pack handed over as bytes (dropped on the window): `name` is only the file's name for
    /// messages (any folder part is dropped), and bytes too many for a pack are refused.
    pub fn from_dropped(name: &str, bytes: Vec<u8>) -> Result<PackFile> {
        let name = crate::files::bare_file_name(name);
        if bytes.len() as u64 > MAX_PACK_BYTES {
            return Err(Error::Invalid(format!(
                "{name}: {} bytes is too large for a pack (at most {MAX_PACK_BYTES})",
                bytes.len()
            )));
        }
        Ok(PackFile { name, bytes })
    }
}

impl Govmat {
    /// Exactly what a round's pack would hold, produced on `produced`; nothing is written.
    pub fn share_preview(&self, round_id: i64, actions: bool, produced: &str) -> Result<Pack> {
        self.pack_of(&self.round_view(round_id)?, actions, produced)
    }

    /// The pack of an anonymised round: what [`Govmat::share_preview`] shows and the benchmark
    /// compares a board by.
    pub(crate) fn pack_of(&self, v: &RoundView, actions: bool, produced: &str) -> Result<Pack> {
        let text = self.questionnaire_text(&v.round)?;
        let min_group = v.groups.min_group;
        let areas = v
            .score
            .areas
            .iter()
            .map(|a| PackArea {
                id: a.id.clone(),
                title: a.title.clone(),
                mean: a.mean,
                items: a
                    .items
                    .iter()
                    .map(|i| PackItem {
                        id: i.id.clone(),
                        title: i.title.clone(),
                        agreed: i.agreed,
                        target: i.target,
                        // With fewer scores than the minimum group, the lowest and highest could
                        // point at one member's answer; such an item shares no spread at all.
                        spread: (i.stats.n >= min_group).then_some(Spread {
                            n: i.stats.n,
                            mean: i.stats.mean,
                            median: i.stats.median,
                            min: i.stats.min,
                            max: i.stats.max,
                            sd: i.stats.sd,
                        }),
                    })
                    .collect(),
            })
            .collect();
        let spectrum = v.spectrum.as_ref().map(|s| PackSpectrum {
            instrument: s.instrument.id.clone(),
            dimensions: s
                .summary
                .dimensions
                .iter()
                .map(|d| PackDimension {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    low: d.low.clone(),
                    high: d.high.clone(),
                    now: d.agreed.now,
                    aspiration: d.agreed.aspiration,
                })
                .collect(),
        });
        let actions = actions.then(|| {
            v.actions
                .iter()
                .filter(|a| a.status.is_live())
                .map(|a| a.text.clone())
                .collect()
        });
        Ok(Pack {
            format: PACK_FORMAT.to_string(),
            schema: PACK_SCHEMA,
            organisation: v.organisation.name.clone(),
            round: v.round.name.clone(),
            round_date: v.round.date.clone(),
            produced: produced.to_string(),
            instrument: PackInstrument {
                id: v.instrument.id.clone(),
                version: v.instrument.version,
                title: v.instrument.title.clone(),
                sha256: sha256_hex(text.as_bytes()),
            },
            min_group,
            areas,
            overall: v.score.overall,
            spectrum,
            actions,
            sha256: String::new(),
        }
        .seal())
    }

    /// Writes a round's pack to `path` (atomically) and returns what it holds.
    pub fn write_share_pack(
        &self,
        round_id: i64,
        actions: bool,
        produced: &str,
        path: &Path,
    ) -> Result<Pack> {
        let pack = self.share_preview(round_id, actions, produced)?;
        write_atomically(path, pack.to_file_text().as_bytes())?;
        Ok(pack)
    }

    /// The collaboratives in this database, by name.
    pub fn collaboratives(&self) -> Result<Vec<CollaborativeRow>> {
        self.unlocked()?;
        Ok(store::collaboratives(&self.unlocked()?.reader())?)
    }

    /// Adds partners' packs to the collaborative `name` (created if new), all or nothing. A pack
    /// for a partner's round already held is refused unless `replace`, and then only by a pack
    /// produced no earlier than the one held.
    pub fn import_packs(
        &mut self,
        name: &str,
        files: &[PackFile],
        replace: bool,
    ) -> Result<PackImport> {
        let packs = self.checked_packs(files)?;
        self.hold(name, packs, replace)
    }

    /// Reads and checks packs (schema, hash, questionnaire), every problem listed with its file's
    /// name, before anything is written: the collaborative import and the benchmark library both
    /// take packs through here.
    pub(crate) fn checked_packs(&self, files: &[PackFile]) -> Result<Vec<(String, Pack)>> {
        self.unlocked()?;
        let mut problems = Vec::new();
        let mut packs = Vec::new();
        for f in files {
            match Pack::parse(&f.bytes) {
                Ok(p) => match self.check_instrument(&p) {
                    Ok(()) => packs.push((f.name.clone(), p)),
                    Err(m) => problems.push(format!("{}: {m}", f.name)),
                },
                Err(e) => problems.push(format!("{}: {e}", f.name)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems.join("\n")));
        }
        Ok(packs)
    }

    /// Adds one of this database's own rounds to the collaborative, as the pack it would share.
    pub fn add_own_round(
        &mut self,
        name: &str,
        round_id: i64,
        actions: bool,
        produced: &str,
        replace: bool,
    ) -> Result<PackImport> {
        let pack = self.share_preview(round_id, actions, produced)?;
        let label = format!("round \"{}\" of {}", pack.round, pack.organisation);
        self.hold(name, vec![(label, pack)], replace)
    }

    /// Every view of a collaborative, built from the packs it holds.
    pub fn collaborative_view(&self, name: &str) -> Result<CollaborativeView> {
        self.unlocked()?;
        let db = self.unlocked()?;
        let c = &db.reader();
        let id = store::find_collaborative(c, name)?
            .ok_or_else(|| Error::NotFound(format!("no collaborative named \"{name}\"")))?;
        let packs = store::packs(c, id)?
            .into_iter()
            .map(|row| {
                // What is stored was checked on the way in; a row changed since is refused here.
                Pack::parse(row.pack.as_bytes()).map_err(|e| {
                    Error::Invalid(format!(
                        "the pack for {}'s round \"{}\" in the database: {e}",
                        row.partner, row.round
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(side_by_side(name, &packs))
    }

    /// The collaborative's PDF report, produced on `produced`.
    pub fn collaborative_report(&self, name: &str, produced: &str) -> Result<Vec<u8>> {
        let v = self.collaborative_view(name)?;
        Ok(govmat_report::pdf::collaborative::render(&v, produced).bytes)
    }

    /// The collaborative's spectrum chart as SVG (`None` when no partner placed itself).
    pub fn collaborative_chart_svg(&self, name: &str) -> Result<Option<String>> {
        let v = self.collaborative_view(name)?;
        Ok(v.spectrum
            .as_ref()
            .map(govmat_report::charts::partners::svg))
    }

    /// A pack's questionnaire must be unknown here (its outline travels in the pack) or the very
    /// text this database or catalogue holds under that id and version.
    fn check_instrument(&self, p: &Pack) -> std::result::Result<(), String> {
        let (id, version) = (&p.instrument.id, p.instrument.version);
        let mut known: Vec<String> = Vec::new();
        if let Some(e) = self.catalogue.get_version(id, version) {
            known.push(e.source.clone());
        }
        if let Ok(Some(t)) = self
            .unlocked()
            .and_then(|db| Ok(db.instrument_source(id, version)?))
        {
            known.push(t);
        }
        if known.is_empty()
            || known
                .iter()
                .any(|t| sha256_hex(t.as_bytes()) == p.instrument.sha256)
        {
            Ok(())
        } else {
            Err(format!(
                "its questionnaire {id} v{version} is not the text this govmat holds under that name (a foreign or altered questionnaire)"
            ))
        }
    }

    /// Files checked packs under the collaborative in one transaction, refusing duplicates.
    fn hold(
        &mut self,
        name: &str,
        packs: Vec<(String, Pack)>,
        replace: bool,
    ) -> Result<PackImport> {
        self.unlocked()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Invalid("a collaborative needs a name".into()));
        }
        Ok(self.unlocked_mut()?.write(|c| {
            let id = store::ensure_collaborative(c, name)?;
            let held = store::packs(c, id)?;
            let mut problems = Vec::new();
            let mut out = PackImport::default();
            for (i, (file, p)) in packs.iter().enumerate() {
                let what = format!("{}: {}", p.organisation, p.round);
                let twin = packs[..i].iter().find(|(_, q)| {
                    q.sha256 == p.sha256
                        || (q.organisation == p.organisation && q.round == p.round)
                });
                if let Some((other, _)) = twin {
                    problems.push(format!(
                        "{file}: the same partner's round as {other} (\"{what}\"), given twice"
                    ));
                    continue;
                }
                if held.iter().any(|h| h.sha256 == p.sha256) {
                    problems.push(format!(
                        "{file}: the collaborative already holds this very pack (\"{what}\")"
                    ));
                    continue;
                }
                let Some(old) = held
                    .iter()
                    .find(|h| h.partner == p.organisation && h.round == p.round)
                else {
                    continue;
                };
                let old_produced = Pack::parse(old.pack.as_bytes())
                    .map(|o| o.produced)
                    .unwrap_or_default();
                if !replace {
                    problems.push(format!(
                        "{file}: the collaborative already holds a pack for \"{what}\" (produced {old_produced}); confirm to replace it with this one (produced {})",
                        p.produced
                    ));
                } else if p.produced < old_produced {
                    problems.push(format!(
                        "{file}: this pack (produced {}) is older than the one held for \"{what}\" (produced {old_produced})",
                        p.produced
                    ));
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Conflict(problems.join("\n")));
            }
            for (_, p) in &packs {
                let what = format!("{}: {}", p.organisation, p.round);
                if let Some(old) = held
                    .iter()
                    .find(|h| h.partner == p.organisation && h.round == p.round)
                {
                    store::delete_pack(c, old.id)?;
                    out.replaced.push(what.clone());
                } else {
                    out.added.push(what);
                }
                store::add_pack(
                    c,
                    id,
                    &NewPack {
                        partner: &p.organisation,
                        round: &p.round,
                        round_date: &p.round_date,
                        sha256: &p.sha256,
                        pack: &p.to_file_text(),
                    },
                )?;
            }
            Ok(out)
        })?)
    }
}
