//! One board builder for the API tests: a real database file in a temporary folder, opened
//! through the same `Govmat::open` the CLI and the desktop use, with what a test needs on it.

use std::path::PathBuf;

use govmat::{Govmat, NewRound};

/// The organisation every built board has.
pub const ORG_NAME: &str = "Vale Trust";

/// An open board: its folder (removed when the board is dropped), its database file, the API, its
/// organisation and the rounds the builder made, oldest first.
pub struct Board {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub g: Govmat,
    pub org: i64,
    pub rounds: Vec<i64>,
}

impl Board {
    /// A new database holding one organisation, "Vale Trust", and no round.
    pub fn new() -> Board {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = dir.path().join("board.db");
        let mut g = Govmat::open(&db, None).expect("a new database opens");
        let org = g
            .create_organisation(ORG_NAME)
            .expect("the organisation")
            .id;
        Board {
            dir,
            db,
            g,
            org,
            rounds: Vec::new(),
        }
    }

    /// The demo board: three rounds of a fictional trust, answered and agreed.
    pub fn demo() -> Board {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = dir.path().join("board.db");
        let mut g = Govmat::open(&db, None).expect("a new database opens");
        let org = g.create_demo().expect("the demo board");
        let rounds = g
            .rounds(org)
            .expect("the demo's rounds")
            .iter()
            .map(|r| r.id)
            .collect();
        Board {
            dir,
            db,
            g,
            org,
            rounds,
        }
    }

    /// Adds a round on the collaboration checklist (carrying any live actions); it becomes
    /// [`Board::round`].
    pub fn with_round(mut self, name: &str, date: &str) -> Board {
        let id = self
            .g
            .create_round(&NewRound {
                organisation_id: self.org,
                name: name.into(),
                date: date.into(),
                questionnaire: "collaboration-checklist".into(),
                carry_actions: true,
            })
            .expect("a round")
            .id;
        self.rounds.push(id);
        self
    }

    /// Sets the board's first roster PIN.
    pub fn with_roster_pin(mut self, pin: &str) -> Board {
        self.g
            .set_roster_pin(self.org, pin)
            .expect("the first roster PIN is set");
        self
    }

    /// The newest round the builder made.
    pub fn round(&self) -> i64 {
        *self
            .rounds
            .last()
            .expect("the board was built with a round")
    }
}
