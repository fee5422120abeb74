//! govmat-core: the pure heart of govmat.
//!
//! It owns the questionnaire model and its validation, the scoring of a round (per-item statistics,
//! area and overall means, gaps, role split), round-to-round comparison and trends, spectrum
//! positions, and the parsing of Forms CSV exports. It deliberately does no IO, knows nothing about
//! SQL or Tauri, and never reads the clock: callers pass in text, bytes and dates.

mod anonymity;
mod answer;
// The minimum group and role groups (used by scoring and by the anonymised round).
mod groups;
// Where a board stands among its peers' packs (issue 26).
mod benchmark;
mod collaborative;
mod diagnostic;
mod import;
mod model;
mod names;
// The board's record: follow-through of actions and the decision history (issue 27).
mod record;
mod scoring;
mod side_by_side;
mod spectrum;
mod trend;
mod validate;

pub use anonymity::{
    anonymise, anonymise_spectrum, AnonymousComment, AnonymousItem, AnonymousRound, RawBallot,
};
pub use answer::{is_iso_date, Answer, Role};
pub use benchmark::{
    benchmark, percentile, place, quartile_of, quartiles, BenchmarkQuestionnaire, BenchmarkView,
    Figures, PlacedPart, Placing, Quartiles, MIN_PEERS,
};
pub use collaborative::{
    canonical_json, sha256_hex, Pack, PackArea, PackDimension, PackError, PackInstrument, PackItem,
    PackSpectrum, Spread, PACK_FORMAT, PACK_SCHEMA, PERCEPTION_GAP,
};
pub use diagnostic::{line_col, Diagnostic, Diagnostics};
pub use groups::{Anonymity, GroupMean, RoleGroup, RoleGroups, Split, MIN_GROUP};
pub use import::decisions::{parse_decisions, ImportedDecision};
pub use import::roster::{parse_roster, RosterLine};
pub use import::{
    column_letter, is_paper_code, map_headers, paper_code, parse_answer, parse_csv, parse_map,
    parse_option, parse_role, parse_table, read_csv, ColumnUse, ImportProblem, ImportedBallot,
    ItemWithoutColumn, MappedColumn, Mapping, ParseOptions, Parsed, SavedMap, Table, TableRow,
    MAX_TEXT,
};
pub use model::{Approach, Area, Instrument, Item, Kind, Level, Scale, Source};
pub use names::{display_name, name_key, near_names, same_name};
pub use record::{
    entry_hash, verify_history, FollowThrough, HistoryEntry, HistoryProblem, Origin, GENESIS,
};
pub use scoring::{
    mean, score_round, score_round_with, stats, AreaScore, Ballot, Decision, ItemScore, RoundScore,
    Stats, DISAGREEMENT_RANGE,
};
pub use side_by_side::{
    side_by_side, AspirationDistance, Cell, CollaborativeView, PartnerPoint, PartnerRound,
    PartnerTrend, PerceptionGap, SideArea, SideDimension, SideItem, SpectrumSideBySide,
};
pub use spectrum::{
    nearest, summarise as summarise_spectrum, DimensionSummary, Nearest, Position, SpectrumSummary,
};
pub use trend::{compare, trend, Comparison, Delta, Trend, TrendPoint};
pub use validate::parse_instrument;

/// Items ordered for a gap report: largest gap first, then items without a gap by lowest position.
pub fn gaps_first(score: &RoundScore) -> Vec<&ItemScore> {
    let mut items: Vec<&ItemScore> = score.items().collect();
    items.sort_by(|a, b| {
        let key = |i: &ItemScore| {
            (
                i.gap.is_none(),
                -(i.gap.unwrap_or(0.0)),
                i.position().unwrap_or(f64::MAX),
            )
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
    });
    items
}

/// Items ordered strongest first (by agreed score, else mean); unscored items last.
pub fn strengths_first(score: &RoundScore) -> Vec<&ItemScore> {
    let mut items: Vec<&ItemScore> = score.items().filter(|i| i.position().is_some()).collect();
    items.sort_by(|a, b| {
        b.position()
            .unwrap_or(0.0)
            .total_cmp(&a.position().unwrap_or(0.0))
    });
    items
}

/// Items ordered by how much members disagree: widest range, then largest spread.
pub fn disagreement_first(score: &RoundScore) -> Vec<&ItemScore> {
    let mut items: Vec<&ItemScore> = score.items().collect();
    let range = |i: &ItemScore| i.stats.max.zip(i.stats.min).map_or(-1, |(hi, lo)| hi - lo);
    items.sort_by(|a, b| {
        range(b).cmp(&range(a)).then(
            b.stats
                .sd
                .unwrap_or(0.0)
                .total_cmp(&a.stats.sd.unwrap_or(0.0)),
        )
    });
    items
}

/// "1 member", "9 members": a count with the word that agrees with it (English plurals only).
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod plural_tests {
    #[test]
    fn a_count_agrees_with_its_word() {
        assert_eq!(super::plural(1, "member", "members"), "1 member");
        assert_eq!(super::plural(0, "member", "members"), "0 members");
        assert_eq!(super::plural(9, "item has", "items have"), "9 items have");
    }
}
