//! The open board and the doors into its database: the collection lock as a type.
//!
//! While any round collects answers privately, nothing but that round's ballot (and the
//! facilitator's running of collection) may be shown or changed. That rule used to be a call each
//! use case had to remember; now the database itself is reachable only through a handle that
//! checked it. [`Govmat`]'s store is private to this module, and the rest of the crate reaches it
//! through one of:
//!
//! - [`Govmat::unlocked`] / [`Govmat::unlocked_mut`]: an [`Unlocked`] (or [`UnlockedMut`]) made
//!   only after the lock was checked, refused with `locked` while a round collects. Every
//!   room-facing use case goes through it, so one that forgets the check does not compile.
//! - [`Govmat::during_collection`] / [`Govmat::during_collection_mut`]: a [`Collecting`] (or
//!   [`CollectingMut`]) for the few use cases that must work while a round collects: the ballot
//!   (its key is checked inside each write's transaction), starting, following and ending
//!   collection, the projector's counts, and reading which organisation, round and questionnaire
//!   a command names. The modules allowed to ask for it are listed in
//!   [`DURING_COLLECTION`], and a test fails if any other module does.
//! - [`Govmat::roster_access`]: a [`RosterAccess`] made after the roster PIN was checked, for
//!   the changes to the board's roster that PIN guards.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use govmat_store::{self as store, Store};

use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use crate::{safety, views};

/// The source files (under `src/`) that may open the database while a round collects. Any other
/// module reaches it only through [`Unlocked`], [`UnlockedMut`] or [`RosterAccess`].
pub const DURING_COLLECTION: &[&str] = &[
    "board.rs",
    "ballot.rs",
    "collection.rs",
    "lan/progress.rs",
    // Paper ballots hold no answers (the PDF is blank; only which paper codes are taken is
    // read), so a late arrival can have one printed while members answer; cancelling a keying
    // takes the ballot's own key (issue 29 §3).
    "paper.rs",
    "rounds.rs",
    "session.rs",
];

/// The open database and the instruments on offer.
pub struct Govmat {
    store: Store,
    pub catalogue: Catalogue,
    /// Round scores already computed, so a trend rescores only the rounds that changed.
    pub(crate) scores: std::cell::RefCell<views::ScoreCache>,
    /// Benchmark library packs already read and checked this session, by their hash.
    pub(crate) benchmark_packs: std::cell::RefCell<crate::benchmark::PackCache>,
    /// This session's snapshots taken before a delete or restore, oldest first (see `safety`).
    pub(crate) undo: Vec<safety::Snapshot>,
}

/// The database, reachable because no round is collecting (see the module documentation).
pub struct Unlocked<'a>(&'a Store);

/// The database, writable because no round is collecting.
pub struct UnlockedMut<'a>(&'a mut Store);

/// The database while a round may be collecting: for the ballot and collection's own use cases.
pub(crate) struct Collecting<'a>(&'a Store);

/// The database, writable while a round may be collecting: for the ballot and collection.
pub(crate) struct CollectingMut<'a>(&'a mut Store);

/// The board, for its roster's use cases, because the roster PIN was given (`roster.rs` has them).
pub(crate) struct RosterAccess<'a> {
    pub g: &'a mut Govmat,
    pub organisation_id: i64,
}

macro_rules! door {
    ($t:ident) => {
        impl Deref for $t<'_> {
            type Target = Store;
            fn deref(&self) -> &Store {
                self.0
            }
        }
    };
    ($t:ident, mut) => {
        door!($t);
        impl DerefMut for $t<'_> {
            fn deref_mut(&mut self) -> &mut Store {
                self.0
            }
        }
    };
}
door!(Unlocked);
door!(UnlockedMut, mut);
door!(Collecting);
door!(CollectingMut, mut);

impl Govmat {
    pub fn open(db: &Path, questionnaires: Option<&Path>) -> Result<Govmat> {
        let catalogue = Catalogue::with_folder(questionnaires)?;
        let store = Store::open(db)?;
        Ok(Govmat {
            store,
            catalogue,
            scores: Default::default(),
            benchmark_packs: Default::default(),
            undo: Vec::new(),
        })
    }

    /// The database file this board is open on.
    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    /// The database, once no round is collecting; refused with `locked` while one is.
    pub fn unlocked(&self) -> Result<Unlocked<'_>> {
        self.check_unlocked()?;
        Ok(Unlocked(&self.store))
    }

    /// [`Govmat::unlocked`], to write.
    pub fn unlocked_mut(&mut self) -> Result<UnlockedMut<'_>> {
        self.check_unlocked()?;
        Ok(UnlockedMut(&mut self.store))
    }

    /// The database whether or not a round is collecting; see [`DURING_COLLECTION`].
    pub(crate) fn during_collection(&self) -> Collecting<'_> {
        Collecting(&self.store)
    }

    /// [`Govmat::during_collection`], to write.
    pub(crate) fn during_collection_mut(&mut self) -> CollectingMut<'_> {
        CollectingMut(&mut self.store)
    }

    /// The database for changes to an organisation's roster, once its roster PIN is right
    /// (`now` in Unix seconds, for the wait after wrong tries).
    pub(crate) fn roster_access(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
    ) -> Result<RosterAccess<'_>> {
        self.check_roster_pin(organisation_id, pin, now)?;
        Ok(RosterAccess {
            g: self,
            organisation_id,
        })
    }

    /// Refuses with `locked` while any round of the database is collecting.
    fn check_unlocked(&self) -> Result<()> {
        let collecting = store::collecting_rounds(&self.store.reader())?;
        let Some(&round_id) = collecting.first() else {
            return Ok(());
        };
        let round = self.store.round(round_id)?;
        let org = self.store.organisation(round.organisation_id)?;
        Err(Error::Locked(format!(
            "round \"{}\" of \"{}\" is collecting answers privately; nothing else can be shown or changed until the facilitator ends collection with the PIN",
            round.name, org.name
        )))
    }
}

#[cfg(test)]
mod tests {
    /// Every file under `src/` that opens the database while a round may collect, by name.
    fn callers() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    if text.contains(".during_collection") {
                        let rel = p.strip_prefix(&root).unwrap();
                        out.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn only_the_listed_modules_open_the_database_while_a_round_collects() {
        for file in callers() {
            assert!(
                super::DURING_COLLECTION.contains(&file.as_str()),
                "{file} opens the database during collection without being listed in DURING_COLLECTION: use `unlocked()` unless the use case must work while members answer"
            );
        }
    }
}
