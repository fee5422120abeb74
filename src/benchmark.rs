//! The benchmark library (issue 26): a consultant keeps other organisations' results packs and
//! places any board among its peers, offline and without naming another board.
//!
//! Packs are checked exactly as the collaborative import checks them (through
//! [`Govmat::checked_packs`]: schema, hash, questionnaire) and every problem is listed before
//! anything is written, all or nothing. The library keeps every pack it is given but compares
//! only one per organisation and questionnaire, the newest by round date; a newer pack than the
//! one compared is taken only when the consultant confirms (`replace`), an older one is kept
//! aside. A board is compared by the pack its own round would share (built from the anonymised
//! round, so under the anonymity rule) with the newest comparable pack of every other
//! organisation; the view names none of them and shows no figure on fewer than
//! [`MIN_PEERS`](govmat_core::MIN_PEERS) other boards, or the organisation's higher minimum.
//! Organisation names stay in [`Govmat::benchmark_list`], the consultant's own screen.
//!
//! Each stored pack is parsed and checked once a session, on every core, and kept in a cache
//! (`PackCache`) keyed by its checked hash. The XLSX workbook's Benchmarks sheet is built here;
//! `src/cli/benchmark.rs` is the `benchmark` command.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use govmat_core::{name_key, BenchmarkView, Instrument, Pack, MIN_PEERS};
use govmat_report::charts;
use govmat_report::xlsx::{Cell, Sheet};
use govmat_store::{self as store, BenchmarkRow, NewBenchmarkPack, StoreError};
use serde::Serialize;

use crate::collaborative::PackFile;
use crate::error::{Error, Result};
use crate::{Govmat, RoundView};

/// The packs of the library read and checked this session, by questionnaire and then by their
/// content hash: a pack is parsed and its hash checked once per session, not on every view. An
/// entry is made only from a pack whose content matched its hash, and is found only by that hash,
/// so what it holds is exactly what was checked; each view keeps only the packs it compared, so
/// the cache never outgrows the library.
pub(crate) type PackCache = HashMap<String, HashMap<String, Arc<Pack>>>;

/// What adding packs did: each as "organisation: round (questionnaire vN)".
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BenchmarkAdd {
    /// Packs now compared for their organisation and questionnaire.
    pub added: Vec<String>,
    /// Packs that took the place of the one compared before (which is kept aside).
    pub replaced: Vec<String>,
    /// Packs kept but not compared: the library holds a newer round of that organisation.
    pub aside: Vec<String>,
}

/// A pack in the library, as the consultant's own list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkEntry {
    pub organisation: String,
    pub questionnaire: govmat_core::BenchmarkQuestionnaire,
    pub round: String,
    pub round_date: String,
    pub produced: String,
    pub sha256: String,
    /// Whether this is the newest pack of its organisation and questionnaire, the one compared.
    pub compared: bool,
}

/// Newer means a later round date, then a later produced date.
fn newer(a: (&str, &str), b: (&str, &str)) -> bool {
    a > b
}

fn label(p: &Pack) -> String {
    format!(
        "{}: {} ({} v{})",
        p.organisation, p.round, p.instrument.id, p.instrument.version
    )
}

impl Govmat {
    /// Adds packs to the library, all or nothing. The same pack twice, two packs of one
    /// organisation's round, and a newer round than the one compared without `replace` are
    /// refused; a re-produced pack of a round held replaces it only with `replace` and only if it
    /// is no older.
    pub fn benchmark_add(&mut self, files: &[PackFile], replace: bool) -> Result<BenchmarkAdd> {
        let packs = self.checked_packs(files)?;
        Ok(self.unlocked_mut()?.write(|tx| {
            let held = store::benchmark_packs(tx)?;
            let same_round = |h: &BenchmarkRow, p: &Pack| {
                h.organisation == p.organisation
                    && h.instrument == p.instrument.id
                    && h.round == p.round
            };
            let mut problems = Vec::new();
            for (i, (file, p)) in packs.iter().enumerate() {
                let what = label(p);
                let twin = packs[..i].iter().find(|(_, q)| {
                    q.sha256 == p.sha256
                        || (q.organisation == p.organisation
                            && q.instrument.id == p.instrument.id
                            && q.round == p.round)
                });
                if let Some((other, _)) = twin {
                    problems.push(format!(
                        "{file}: the same organisation's round as {other} (\"{what}\"), given twice"
                    ));
                    continue;
                }
                if held.iter().any(|h| h.sha256 == p.sha256) {
                    problems.push(format!(
                        "{file}: the library already holds this very pack (\"{what}\")"
                    ));
                    continue;
                }
                if let Some(old) = held.iter().find(|h| same_round(h, p)) {
                    if !replace {
                        problems.push(format!(
                            "{file}: the library already holds a pack for \"{what}\" (produced {}); confirm to replace it with this one (produced {})",
                            old.produced, p.produced
                        ));
                    } else if p.produced < old.produced {
                        problems.push(format!(
                            "{file}: this pack (produced {}) is older than the one held for \"{what}\" (produced {})",
                            p.produced, old.produced
                        ));
                    }
                    continue;
                }
                let compared = held
                    .iter()
                    .filter(|h| h.organisation == p.organisation && h.instrument == p.instrument.id)
                    .max_by(|a, b| {
                        (&a.round_date, &a.produced).cmp(&(&b.round_date, &b.produced))
                    });
                if let Some(c) = compared {
                    let is_newer = newer(
                        (&p.round_date, &p.produced),
                        (&c.round_date, &c.produced),
                    );
                    if is_newer && !replace {
                        problems.push(format!(
                            "{file}: the library compares {}'s round \"{}\" ({}) for {} v{}; confirm to compare this newer round \"{}\" ({}) instead (the older is kept aside)",
                            c.organisation, c.round, c.round_date, c.instrument, c.version,
                            p.round, p.round_date
                        ));
                    }
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Conflict(problems.join("\n")));
            }
            for (_, p) in &packs {
                if let Some(old) = held.iter().find(|h| same_round(h, p)) {
                    store::delete_benchmark_pack(tx, old.id)?;
                }
                store::add_benchmark_pack(
                    tx,
                    &NewBenchmarkPack {
                        organisation: &p.organisation,
                        instrument: &p.instrument.id,
                        version: p.instrument.version,
                        round: &p.round,
                        round_date: &p.round_date,
                        produced: &p.produced,
                        sha256: &p.sha256,
                        pack: &p.to_file_text(),
                    },
                )?;
            }
            // Which pack each organisation and questionnaire compares, once all are in.
            let mut newest = BTreeSet::new();
            let instruments: BTreeSet<&str> =
                packs.iter().map(|(_, p)| p.instrument.id.as_str()).collect();
            for instrument in instruments {
                for row in store::newest_benchmark_packs(tx, instrument)? {
                    newest.insert(row.sha256);
                }
            }
            let mut out = BenchmarkAdd::default();
            for (_, p) in &packs {
                let had_one = held
                    .iter()
                    .any(|h| h.organisation == p.organisation && h.instrument == p.instrument.id);
                let list = if !newest.contains(&p.sha256) {
                    &mut out.aside
                } else if had_one {
                    &mut out.replaced
                } else {
                    &mut out.added
                };
                list.push(label(p));
            }
            Ok(out)
        })?)
    }

    /// Every pack in the library, by organisation and questionnaire, newest round first.
    pub fn benchmark_list(&self) -> Result<Vec<BenchmarkEntry>> {
        let db = self.unlocked()?;
        let rows = store::benchmark_packs(&db.reader())?;
        let mut out: Vec<BenchmarkEntry> = Vec::with_capacity(rows.len());
        for r in rows {
            // Rows come newest first within an organisation and questionnaire.
            let compared = !out
                .iter()
                .any(|e| e.organisation == r.organisation && e.questionnaire.id == r.instrument);
            out.push(BenchmarkEntry {
                questionnaire: govmat_core::BenchmarkQuestionnaire {
                    id: r.instrument,
                    version: r.version,
                },
                organisation: r.organisation,
                round: r.round,
                round_date: r.round_date,
                produced: r.produced,
                sha256: r.sha256,
                compared,
            });
        }
        Ok(out)
    }

    /// Removes every pack of the organisation named exactly `organisation` (a snapshot first, as
    /// before every delete); returns how many were removed.
    pub fn benchmark_remove(&mut self, organisation: &str) -> Result<usize> {
        let held: Vec<String> = self
            .benchmark_list()?
            .into_iter()
            .map(|e| e.organisation)
            .collect();
        if !held.iter().any(|o| o == organisation) {
            let near = govmat_core::near_names(organisation, &held);
            return Err(Error::NotFound(match near.first() {
                Some(n) => format!(
                    "the library holds no pack from \"{organisation}\"; did you mean \"{n}\"?"
                ),
                None => format!("the library holds no pack from \"{organisation}\""),
            }));
        }
        // The label names no organisation: the undo list may be seen by a board.
        self.snapshot_before("Removed packs from the benchmark library".into())?;
        Ok(self
            .unlocked_mut()?
            .write(|tx| store::remove_benchmark_organisation(tx, organisation))?)
    }

    /// The fewest other boards an organisation's benchmark figures rest on (at least 5).
    pub fn benchmark_minimum(&self, organisation_id: i64) -> Result<usize> {
        let db = self.unlocked()?;
        Ok(store::benchmark_minimum(&db.reader(), organisation_id)?
            .unwrap_or(MIN_PEERS)
            .max(MIN_PEERS))
    }

    /// Raises (or sets back) an organisation's minimum; fewer than 5 is refused.
    pub fn set_benchmark_minimum(&mut self, organisation_id: i64, boards: usize) -> Result<()> {
        if boards < MIN_PEERS {
            return Err(Error::Invalid(format!(
                "a benchmark needs at least {MIN_PEERS} other boards; an organisation may ask for more, never fewer"
            )));
        }
        self.unlocked()?.organisation(organisation_id)?;
        Ok(self
            .unlocked_mut()?
            .write(|tx| store::set_benchmark_minimum(tx, organisation_id, boards))?)
    }

    /// A round's board among the newest comparable packs of every other organisation in the
    /// library; no figure on fewer boards than the organisation's minimum.
    pub fn benchmark_view(&self, round_id: i64) -> Result<BenchmarkView> {
        self.benchmark_of(&self.round_view(round_id)?)
    }

    /// The chart of [`Govmat::benchmark_view`] as SVG for the screen; `None` when there are too
    /// few boards to compare with.
    pub fn benchmark_chart_svg(&self, round_id: i64) -> Result<Option<String>> {
        self.benchmark_chart_svg_with(round_id, false)
    }

    /// [`Govmat::benchmark_chart_svg`], with `large` text for the window's large type.
    pub fn benchmark_chart_svg_with(&self, round_id: i64, large: bool) -> Result<Option<String>> {
        let v = self.round_view(round_id)?;
        let view = self.benchmark_of(&v)?;
        if !view.enough() {
            return Ok(None);
        }
        let chart = charts::Chart::Benchmark {
            scale: &v.instrument.scale,
            view: &view,
        };
        let err = |e: charts::ChartError| Error::Invalid(format!("cannot draw the chart: {e}"));
        let t = if large { charts::LARGE_TEXT } else { 1.0 };
        let height = charts::natural_height_with(&chart, 1000, t).map_err(err)?;
        Ok(Some(
            charts::svg_with(&chart, 1000, height, t).map_err(err)?,
        ))
    }

    /// [`Govmat::benchmark_view`] of a round already viewed.
    pub(crate) fn benchmark_of(&self, v: &RoundView) -> Result<BenchmarkView> {
        let own = self.pack_of(v, false, "")?;
        let minimum = self.benchmark_minimum(v.organisation.id)?;
        let own_key = name_key(&v.organisation.name);
        let rows = store::newest_benchmark_packs(&self.unlocked()?.reader(), &v.instrument.id)?;
        let mut cache = self.benchmark_packs.borrow_mut();
        let mut seen = cache.remove(&v.instrument.id).unwrap_or_default();
        let rows: Vec<_> = rows
            .into_iter()
            .filter(|row| {
                name_key(&row.organisation) != own_key
                    && self.comparable(&v.instrument, row.version)
            })
            .collect();
        // Packs not yet checked this session are parsed and checked on every core: on a library
        // of hundreds, that check is most of the first view's time.
        let fresh: Vec<&store::BenchmarkRow> = rows
            .iter()
            .filter(|row| !seen.contains_key(&row.sha256))
            .collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = fresh.len().div_ceil(threads).max(1);
        let checked: Vec<Result<(String, Arc<Pack>)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = fresh
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || part.iter().map(|row| check_row(row)).collect::<Vec<_>>())
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a pack check does not panic"))
                .collect()
        });
        for c in checked {
            let (hash, pack) = c?;
            seen.insert(hash, pack);
        }
        let mut kept = HashMap::with_capacity(rows.len());
        let mut peers = Vec::with_capacity(rows.len());
        for row in rows {
            let pack = seen
                .remove(&row.sha256)
                .expect("every compared pack was checked just above");
            kept.insert(row.sha256, Arc::clone(&pack));
            peers.push(pack);
        }
        cache.insert(v.instrument.id.clone(), kept);
        let refs: Vec<&Pack> = peers.iter().map(|p| p.as_ref()).collect();
        Ok(govmat_core::benchmark(&own, &refs, minimum))
    }

    /// Whether a pack of `version` of the board's questionnaire may be set beside it: the same
    /// version, or one either version declares comparable.
    fn comparable(&self, own: &Instrument, version: u32) -> bool {
        version == own.version
            || own.comparable_with.contains(&version)
            || self
                .catalogue
                .get_version(&own.id, version)
                .is_some_and(|e| {
                    e.instrument.comparable_to(own) || own.comparable_to(&e.instrument)
                })
    }
}

/// The XLSX workbook's Benchmarks sheet: one row per placing (overall, areas, items), or one row
/// saying there are too few boards. No other board is named.
pub(crate) fn sheet(v: &BenchmarkView) -> Sheet {
    let col = |t: &str, w: f64| (t.to_string(), w);
    let mut rows = Vec::new();
    if !v.enough() {
        rows.push(vec![Cell::from(format!(
            "Not compared: a comparison needs at least {} other boards; the library holds {} ({} more needed)",
            v.minimum, v.boards, v.needed
        ))]);
    }
    let mut row = |part: &str, title: &str, p: &govmat_core::Placing| {
        let f = p.figures.as_ref();
        let q =
            |pick: fn(&govmat_core::Quartiles) -> f64| Cell::from(f.map(|f| pick(&f.quartiles)));
        rows.push(vec![
            Cell::from(part),
            Cell::from(title),
            Cell::from(p.board),
            Cell::Integer(p.boards as i64),
            q(|q| q.min),
            q(|q| q.q1),
            q(|q| q.median),
            q(|q| q.q3),
            q(|q| q.max),
            Cell::from(f.and_then(|f| f.percentile)),
        ]);
    };
    if let Some(o) = &v.overall {
        row("Overall", "Overall", o);
    }
    for a in &v.areas {
        row("Area", &a.title, &a.placing);
    }
    for i in &v.items {
        row("Item", &i.title, &i.placing);
    }
    Sheet {
        name: "Benchmarks".into(),
        columns: vec![
            col("Part", 10.0),
            col("Title", 44.0),
            col("This board", 11.0),
            col("Other boards", 12.0),
            col("Lowest", 9.0),
            col("Q1", 9.0),
            col("Median", 9.0),
            col("Q3", 9.0),
            col("Highest", 9.0),
            col("Percentile", 11.0),
        ],
        subheader: Vec::new(),
        rows,
    }
}

/// A library row's pack, parsed and checked: what is stored was checked on the way in; a row
/// changed since is refused here, the first time a session reads it.
fn check_row(row: &store::BenchmarkRow) -> Result<(String, Arc<Pack>)> {
    let refused = |e: String| {
        Error::Invalid(format!(
            "a pack in the benchmark library ({}'s round \"{}\"): {e}",
            row.organisation, row.round
        ))
    };
    let pack = Pack::parse(row.pack.as_bytes()).map_err(|e| refused(e.to_string()))?;
    if pack.sha256 != row.sha256 {
        return Err(refused("it is not the pack filed under its hash".into()));
    }
    Ok((row.sha256.clone(), Arc::new(pack)))
}
