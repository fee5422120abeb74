//! A round's members, their answers and spectrum placements, and the board's decisions: reads on
//! [`Store`] (members' answers only sealed, as `RawBallot`s, a member's own ballot, or counts),
//! writes as free functions taking a [`Tx`].
//!
//! Members' answers leave only as `RawBallot`s (`Store::ballots`), a member's own ballot
//! (`own_ballot`, behind its key) and counts (`received`, `merge_conflicts`). `Store::ballots`
//! leaves out a ballot with nothing in it (no answer but unanswered, no comment, no spectrum place:
//! `RespondentRow::answered`), so no count or statistic includes it and the roster treats it as not
//! started. `add_respondent` refuses a second spelling of a member in a round and gives a roster
//! member the roster's spelling, matching in Rust inside the write (not by a SQL collation); it
//! never puts a paper code on the roster.
use std::collections::BTreeMap;

use govmat_core::{Answer, Decision, Position, RawBallot, Role};
use rusqlite::{params, OptionalExtension};

use crate::{conflict, found, roster, rows, Conn as _, Result, Store, StoreError, Tx};
use crate::{OwnRows, RespondentRow, ResponseRow};

impl Store {
    pub fn respondents(&self, round_id: i64) -> Result<Vec<RespondentRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.role, p.finished, EXISTS (SELECT 1 FROM response r WHERE r.respondent_id = p.id AND (r.level IS NOT NULL OR r.dont_know = 1 OR r.comment != '')) OR EXISTS (SELECT 1 FROM spectrum_position s WHERE s.respondent_id = p.id AND (s.now IS NOT NULL OR s.aspiration IS NOT NULL)) FROM respondent p WHERE p.round_id = ?1 ORDER BY p.id",
        )?;
        let rows = st
            .query_map([round_id], rows::respondent)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Forms import (issue 13): each imported member's id and hashed response id or email.
    pub fn external_ids(&self, round_id: i64) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, external_id FROM respondent WHERE round_id = ?1 AND external_id IS NOT NULL",
        )?;
        let rows = st
            .query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every member's ballot in a round, sealed: only `govmat_core::anonymise` (and
    /// `anonymise_spectrum`) can read the answers, comments and placements back, with the
    /// anonymity rule applied. This and the member's own ballot ([`Store::own_ballot`]) are the
    /// only ways raw answers leave the store. A ballot with nothing in it is left out: it is not a
    /// member who has answered, so no count or statistic includes it (issue 25 §1).
    pub fn ballots(&self, round_id: i64) -> Result<Vec<RawBallot>> {
        let mut respondents = self.respondents(round_id)?;
        respondents.retain(|r| r.answered);
        let index: BTreeMap<i64, usize> = respondents
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect();
        let mut ballots: Vec<RawBallot> =
            respondents.iter().map(|r| RawBallot::new(r.role)).collect();
        for r in self.responses(round_id)? {
            if let Some(&i) = index.get(&r.respondent_id) {
                ballots[i].answer(&r.item_id, r.answer, &r.comment);
            }
        }
        for (who, dimension, position) in self.positions(round_id)? {
            if let Some(&i) = who.and_then(|w| index.get(&w)) {
                ballots[i].place(&dimension, position);
            }
        }
        Ok(ballots)
    }

    /// One member's own answers and placements, for the ballot that member holds the key to
    /// (and nothing else: every other reader gets [`Store::ballots`], sealed).
    pub fn own_ballot(&self, respondent_id: i64) -> Result<OwnRows> {
        let mut st = self.conn.prepare_cached(
            "SELECT respondent_id, item_id, level, dont_know, comment FROM response
             WHERE respondent_id = ?1",
        )?;
        let answers = st
            .query_map([respondent_id], rows::response)?
            .collect::<Result<_, _>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT dimension_id, now, aspiration FROM spectrum_position WHERE respondent_id = ?1",
        )?;
        let positions = st
            .query_map([respondent_id], |r| {
                Ok((
                    r.get(0)?,
                    Position {
                        now: r.get(1)?,
                        aspiration: r.get(2)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(OwnRows { answers, positions })
    }

    /// The board's agreed spectrum position, by dimension.
    pub fn agreed_positions(&self, round_id: i64) -> Result<BTreeMap<String, Position>> {
        Ok(self
            .positions(round_id)?
            .into_iter()
            .filter(|(who, ..)| who.is_none())
            .map(|(_, dimension, position)| (dimension, position))
            .collect())
    }

    /// How many members have answered each item (anything but unanswered) or placed each
    /// spectrum dimension: counts for the projector, never a value.
    pub fn received(&self, round_id: i64) -> Result<BTreeMap<String, usize>> {
        let mut st = self.conn.prepare_cached(
            "SELECT r.item_id, COUNT(*) FROM response r JOIN respondent p ON p.id = r.respondent_id
             WHERE p.round_id = ?1 AND (r.level IS NOT NULL OR r.dont_know = 1)
             GROUP BY r.item_id
             UNION ALL
             SELECT dimension_id, COUNT(*) FROM spectrum_position
             WHERE round_id = ?1 AND respondent_id != 0 AND (now IS NOT NULL OR aspiration IS NOT NULL)
             GROUP BY dimension_id",
        )?;
        let rows = st
            .query_map([round_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = BTreeMap::new();
        for (id, n) in rows {
            *out.entry(id).or_default() += n;
        }
        Ok(out)
    }

    /// The items two members of one round have both answered differently (in the answer or the
    /// comment), for a roster merge to ask which to keep; in item id order.
    pub fn merge_conflicts(&self, a: i64, b: i64) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT x.item_id FROM response x JOIN response y ON y.item_id = x.item_id
             WHERE x.respondent_id = ?1 AND y.respondent_id = ?2
               AND (x.level IS NOT y.level OR x.dont_know IS NOT y.dont_know OR x.comment IS NOT y.comment)
             ORDER BY x.item_id",
        )?;
        let rows = st
            .query_map([a, b], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn responses(&self, round_id: i64) -> Result<Vec<ResponseRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT r.respondent_id, r.item_id, r.level, r.dont_know, r.comment
             FROM response r JOIN respondent p ON p.id = r.respondent_id
             WHERE p.round_id = ?1",
        )?;
        let rows = st
            .query_map([round_id], rows::response)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn decisions(&self, round_id: i64) -> Result<BTreeMap<String, Decision>> {
        let mut st = self.conn.prepare_cached(
            "SELECT item_id, agreed, rationale, dissent, target FROM decision WHERE round_id = ?1",
        )?;
        let rows = st
            .query_map([round_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Decision {
                        agreed: r.get(1)?,
                        rationale: r.get(2)?,
                        dissent: r.get(3)?,
                        target: r.get(4)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Spectrum positions of a round: (respondent id, or `None` for the agreed position, dimension, position).
    fn positions(&self, round_id: i64) -> Result<Vec<(Option<i64>, String, Position)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT respondent_id, dimension_id, now, aspiration FROM spectrum_position WHERE round_id = ?1",
        )?;
        let rows = st
            .query_map([round_id], |r| {
                let who: i64 = r.get(0)?;
                Ok((
                    (who != 0).then_some(who),
                    r.get(1)?,
                    Position {
                        now: r.get(2)?,
                        aspiration: r.get(3)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// Adds a member to a round. A name matching one already in the round (case and accents set
/// aside) is refused, so one person never counts twice; a name on the board's roster takes the
/// roster's spelling, and a new name joins the roster with the role given, unless it is a paper
/// ballot's code (P01…): a code stands for a sheet of paper, not a person (issue 29 §3).
pub fn add_respondent(tx: &Tx, round_id: i64, name: &str, role: Role) -> Result<i64> {
    let c = tx.conn();
    let name = roster::checked_name(name)?;
    if let Some((_, there, _, _)) = roster::respondent_match(&crate::Reader(c), round_id, &name)? {
        return Err(StoreError::Conflict(format!(
            "\"{there}\" has already answered in this round; use another name or code"
        )));
    }
    let organisation_id: i64 = c
        .query_row(
            "SELECT organisation_id FROM round WHERE id = ?1",
            [round_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("no round with id {round_id}")))?;
    let name = match roster::roster_match(&crate::Reader(c), organisation_id, &name)? {
        Some(on_roster) => on_roster.name,
        None if govmat_core::is_paper_code(&name) => name,
        None => {
            roster::add_roster_member(tx, organisation_id, &name, role)?;
            name
        }
    };
    c.execute(
        "INSERT INTO respondent (round_id, name, role) VALUES (?1, ?2, ?3)",
        params![round_id, name, role.as_str()],
    )
    .map_err(|e| {
        conflict(
            e,
            format!("\"{name}\" has already answered in this round; use another name or code"),
        )
    })?;
    Ok(c.last_insert_rowid())
}

/// Forms import (issue 13): ties a member to the hashed response id or email they came from.
pub fn set_external_id(tx: &Tx, respondent_id: i64, external_id: &str) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "UPDATE respondent SET external_id = ?2 WHERE id = ?1",
        params![respondent_id, external_id],
    )?;
    Ok(())
}

pub fn delete_respondent(tx: &Tx, respondent_id: i64) -> Result<()> {
    let c = tx.conn();
    c.execute("DELETE FROM respondent WHERE id = ?1", [respondent_id])?;
    Ok(())
}

pub fn set_finished(tx: &Tx, respondent_id: i64, finished: bool) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE respondent SET finished = ?2 WHERE id = ?1",
        params![respondent_id, finished],
    )?;
    found(n, || format!("no respondent with id {respondent_id}"))
}

pub fn save_answer(
    tx: &Tx,
    respondent_id: i64,
    item_id: &str,
    answer: Answer,
    comment: &str,
) -> Result<()> {
    let c = tx.conn();
    let (level, dont_know) = match answer {
        Answer::Level(v) => (Some(v), false),
        Answer::DontKnow => (None, true),
        Answer::Unanswered => (None, false),
    };
    c.prepare_cached(
        "INSERT INTO response (respondent_id, item_id, level, dont_know, comment) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (respondent_id, item_id) DO UPDATE SET level = ?3, dont_know = ?4, comment = ?5",
    )?
    .execute(params![respondent_id, item_id, level, dont_know, comment])?;
    Ok(())
}

/// Saves a spectrum position; `respondent_id` `None` is the board's agreed position.
pub fn save_position(
    tx: &Tx,
    round_id: i64,
    respondent_id: Option<i64>,
    dimension: &str,
    p: Position,
) -> Result<()> {
    let c = tx.conn();
    c.prepare_cached(
        "INSERT INTO spectrum_position (round_id, respondent_id, dimension_id, now, aspiration) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (round_id, respondent_id, dimension_id) DO UPDATE SET now = ?4, aspiration = ?5",
    )?
    .execute(params![round_id, respondent_id.unwrap_or(0), dimension, p.now, p.aspiration])?;
    Ok(())
}
