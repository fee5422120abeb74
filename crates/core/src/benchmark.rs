//! Where a board stands among its peers: the statistics of the benchmark library (issue 26).
//!
//! The consultant's library holds other organisations' results packs; this module places one
//! board's own pack among the peers' packs handed in, per area, overall and per item, as a spread
//! (lowest, quartiles, highest) and the board's mid-rank percentile. It does not choose the
//! peers (the API passes only the latest comparable pack of each other organisation) and it keeps
//! no organisation's name: a view says "N boards" and nothing that could tell one peer from
//! another, so it can be printed in a board's report.
//!
//! - Quartiles interpolate linearly between the closest ranks, as Excel's `QUARTILE.INC` (and
//!   R's default type 7): the p-th quartile of n sorted values sits at rank (n − 1) × p.
//! - The percentile is the mid-rank one: 100 × (peers below + ½ × peers equal) ÷ peers, so a
//!   board equal to every peer is at 50, not at 0 or 100.
//! - With fewer than [`MIN_PEERS`] other boards (or an organisation's higher minimum) there is no
//!   figure at all, only how many more boards are needed; an area or item shown by fewer peers
//!   than that has no figure either.
//! - The overall figure is each pack's `overall` (the mean of its area means over shown items, the
//!   same number the board's own report leads with); an area's is the pack's area mean; an item's
//!   is its members' mean, present in a pack only where the item was scored by at least the
//!   board's minimum group.
//!
//! `MIN_PEERS` is 5. `quartile_of` says which quarter the board falls in; `benchmark` builds the
//! `BenchmarkView`, which has no field for an organisation's name.

use serde::Serialize;

use crate::collaborative::Pack;

/// The fewest other boards a figure may rest on. An organisation may raise it, never lower it.
pub const MIN_PEERS: usize = 5;

/// Two means closer than this are the same level (they are computed from whole numbers, so only
/// rounding could part them).
const SAME: f64 = 1e-9;

/// A spread of peers' figures: lowest, quartiles (QUARTILE.INC) and highest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quartiles {
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// The figures of one placing, present only when enough peers show it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    #[serde(flatten)]
    pub quartiles: Quartiles,
    /// The board's mid-rank percentile among the peers; `None` when the board shows no figure.
    pub percentile: Option<f64>,
}

/// The board's figure and where it stands among `boards` peers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Placing {
    /// The board's own figure (`None` when its own round shows none here).
    pub board: Option<f64>,
    /// How many other boards show a figure here.
    pub boards: usize,
    /// `None` when fewer boards than the minimum show a figure here.
    #[serde(flatten)]
    pub figures: Option<Figures>,
}

/// An area or item placed among the peers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedPart {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub placing: Placing,
}

/// The questionnaire a benchmark is on: the board's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkQuestionnaire {
    pub id: String,
    pub version: u32,
}

/// A board among its peers. With fewer peers than `minimum`, `overall` is `None` and `areas` and
/// `items` are empty: `needed` says how many more boards it would take.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkView {
    /// How many other boards' packs are compared.
    pub boards: usize,
    /// The fewest boards a figure rests on (at least [`MIN_PEERS`]).
    pub minimum: usize,
    /// How many more boards are needed before any figure is shown (0 when enough).
    pub needed: usize,
    pub questionnaire: BenchmarkQuestionnaire,
    pub overall: Option<Placing>,
    pub areas: Vec<PlacedPart>,
    /// Only items that at least `minimum` peers show, in the questionnaire's order.
    pub items: Vec<PlacedPart>,
}

impl BenchmarkView {
    /// Whether any figure is shown.
    pub fn enough(&self) -> bool {
        self.overall.is_some()
    }
}

/// The lowest, quartiles and highest of `values` (any order), as Excel's QUARTILE.INC; `None`
/// for no values.
pub fn quartiles(values: &[f64]) -> Option<Quartiles> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let h = (sorted.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(sorted.len() - 1);
        sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
    };
    Some(Quartiles {
        min: sorted[0],
        q1: at(0.25),
        median: at(0.5),
        q3: at(0.75),
        max: sorted[sorted.len() - 1],
    })
}

/// The mid-rank percentile of `board` among `peers`: 100 × (below + ½ × equal) ÷ peers; `None`
/// without peers.
pub fn percentile(board: f64, peers: &[f64]) -> Option<f64> {
    if peers.is_empty() {
        return None;
    }
    let below = peers.iter().filter(|&&p| p < board - SAME).count() as f64;
    let equal = peers.iter().filter(|&&p| (p - board).abs() <= SAME).count() as f64;
    Some(100.0 * (below + 0.5 * equal) / peers.len() as f64)
}

/// Which quartile of the peers the board's figure falls in, 1 (lowest) to 4: at or below the
/// lower quartile is the 1st, at or below the median the 2nd, at or below the upper quartile the
/// 3rd, above it the 4th.
pub fn quartile_of(board: f64, q: &Quartiles) -> u8 {
    if board <= q.q1 + SAME {
        1
    } else if board <= q.median + SAME {
        2
    } else if board <= q.q3 + SAME {
        3
    } else {
        4
    }
}

/// Places `board` among `peers`, with figures only when at least `minimum` peers show one.
pub fn place(board: Option<f64>, peers: &[f64], minimum: usize) -> Placing {
    let figures = (peers.len() >= minimum.max(MIN_PEERS)).then(|| Figures {
        quartiles: quartiles(peers).expect("at least the minimum of peers"),
        percentile: board.and_then(|b| percentile(b, peers)),
    });
    Placing {
        board,
        boards: peers.len(),
        figures,
    }
}

/// Places the board's own pack `own` among `peers` (already the latest comparable pack of each
/// other organisation), under `minimum` (raised to [`MIN_PEERS`] if lower). Areas and items are
/// matched by id and listed in the order of the board's own questionnaire.
pub fn benchmark(own: &Pack, peers: &[&Pack], minimum: usize) -> BenchmarkView {
    let minimum = minimum.max(MIN_PEERS);
    let boards = peers.len();
    let mut view = BenchmarkView {
        boards,
        minimum,
        needed: minimum.saturating_sub(boards),
        questionnaire: BenchmarkQuestionnaire {
            id: own.instrument.id.clone(),
            version: own.instrument.version,
        },
        overall: None,
        areas: Vec::new(),
        items: Vec::new(),
    };
    if boards < minimum {
        return view;
    }
    let overall: Vec<f64> = peers.iter().filter_map(|p| p.overall).collect();
    view.overall = Some(place(own.overall, &overall, minimum));
    for area in &own.areas {
        let means: Vec<f64> = peers
            .iter()
            .filter_map(|p| p.areas.iter().find(|a| a.id == area.id)?.mean)
            .collect();
        view.areas.push(PlacedPart {
            id: area.id.clone(),
            title: area.title.clone(),
            placing: place(area.mean, &means, minimum),
        });
        for item in &area.items {
            let means: Vec<f64> = peers
                .iter()
                .filter_map(|p| p.items().find(|i| i.id == item.id)?.spread.as_ref()?.mean)
                .collect();
            if means.len() >= minimum {
                view.items.push(PlacedPart {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    placing: place(item.spread.as_ref().and_then(|s| s.mean), &means, minimum),
                });
            }
        }
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collaborative::{PackArea, PackInstrument, PackItem, Spread};

    fn close(a: f64, b: f64, why: &str) {
        assert!((a - b).abs() < 1e-9, "{why}: {a} is not {b}");
    }

    fn check_quartiles(values: &[f64], expected: [f64; 5]) {
        let q = quartiles(values).unwrap();
        let got = [q.min, q.q1, q.median, q.q3, q.max];
        for (name, (g, e)) in ["min", "q1", "median", "q3", "max"]
            .iter()
            .zip(got.iter().zip(expected))
        {
            close(*g, e, &format!("{name} of {values:?}"));
        }
    }

    #[test]
    fn quartiles_interpolate_between_the_closest_ranks_as_quartile_inc_does() {
        // Five values: the ranks (n − 1) × p = 1, 2, 3 fall on values.
        check_quartiles(&[5.0, 1.0, 4.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0, 5.0]);
        // Four values: ranks 0.75, 1.5, 2.25 → 1 + 0.75, 2 + 0.5, 3 + 0.25.
        check_quartiles(&[4.0, 3.0, 2.0, 1.0], [1.0, 1.75, 2.5, 3.25, 4.0]);
        // Six values with ties (2, 2 and 4, 4): ranks 1.25, 2.5, 3.75 →
        // 2 + 0.25 × (3 − 2) = 2.25; 3 + 0.5 × (3.5 − 3) = 3.25; 3.5 + 0.75 × (4 − 3.5) = 3.875.
        check_quartiles(
            &[4.0, 2.0, 3.5, 2.0, 4.0, 3.0],
            [2.0, 2.25, 3.25, 3.875, 4.0],
        );
        // All equal: every quartile is that value.
        check_quartiles(&[2.5; 7], [2.5; 5]);
        assert!(quartiles(&[]).is_none(), "no peers, no quartiles");
    }

    #[test]
    fn the_percentile_counts_half_of_the_peers_a_board_ties_with() {
        let peers = [2.0, 2.0, 3.0, 3.5, 4.0, 4.0];
        // 3: two below, one equal → 100 × (2 + 0.5) ÷ 6.
        close(
            percentile(3.0, &peers).unwrap(),
            250.0 / 6.0,
            "3 among them",
        );
        // 4: four below, two equal → 100 × (4 + 1) ÷ 6.
        close(
            percentile(4.0, &peers).unwrap(),
            500.0 / 6.0,
            "4 ties the top two",
        );
        close(percentile(1.0, &peers).unwrap(), 0.0, "below every peer");
        close(percentile(5.0, &peers).unwrap(), 100.0, "above every peer");
        close(
            percentile(2.5, &[2.5; 5]).unwrap(),
            50.0,
            "equal to all: 50",
        );
        assert!(percentile(3.0, &[]).is_none(), "no peers, no percentile");
    }

    #[test]
    fn a_board_falls_in_the_quartile_whose_upper_cut_it_does_not_pass() {
        let q = quartiles(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        let cases = [
            (1.5, 1),
            (2.0, 1),
            (2.5, 2),
            (3.0, 2),
            (3.5, 3),
            (4.0, 3),
            (4.5, 4),
        ];
        for (board, quartile) in cases {
            assert_eq!(quartile_of(board, &q), quartile, "board at {board}");
        }
    }

    #[test]
    fn a_placing_has_no_figure_on_fewer_peers_than_the_minimum_and_the_minimum_is_never_below_five()
    {
        let four = [1.0, 2.0, 3.0, 4.0];
        let p = place(Some(2.0), &four, 3);
        assert!(
            p.figures.is_none(),
            "an organisation's minimum of 3 is raised to 5"
        );
        assert_eq!(p.boards, 4);
        let five = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!(place(Some(2.0), &five, 5).figures.is_some());
        assert!(
            place(Some(2.0), &five, 6).figures.is_none(),
            "a raised minimum of 6 holds back five"
        );
        let own_missing = place(None, &five, 5);
        assert!(
            own_missing.figures.unwrap().percentile.is_none(),
            "a board with no figure of its own has no percentile, but the peers' spread shows"
        );
    }

    /// An area of a test pack: its id, mean and items as `(id, members' mean)`.
    type TestArea<'a> = (&'a str, Option<f64>, &'a [(&'a str, Option<f64>)]);

    /// A pack with one area per `(id, mean, items)`, each item `(id, members' mean)`, and the
    /// overall mean given.
    fn pack(org: &str, overall: Option<f64>, areas: &[TestArea]) -> Pack {
        Pack {
            format: crate::PACK_FORMAT.into(),
            schema: crate::PACK_SCHEMA,
            organisation: org.into(),
            round: "Spring".into(),
            round_date: "2026-03-01".into(),
            produced: "2026-03-02".into(),
            instrument: PackInstrument {
                id: "q".into(),
                version: 2,
                title: "Q".into(),
                sha256: String::new(),
            },
            min_group: 3,
            areas: areas
                .iter()
                .map(|(id, mean, items)| PackArea {
                    id: (*id).into(),
                    title: format!("Area {id}"),
                    mean: *mean,
                    items: items
                        .iter()
                        .map(|(id, m)| PackItem {
                            id: (*id).into(),
                            title: format!("Item {id}"),
                            agreed: None,
                            target: None,
                            spread: m.map(|m| Spread {
                                n: 3,
                                mean: Some(m),
                                median: None,
                                min: None,
                                max: None,
                                sd: None,
                            }),
                        })
                        .collect(),
                })
                .collect(),
            overall,
            spectrum: None,
            actions: None,
            sha256: String::new(),
        }
    }

    #[test]
    fn a_board_is_placed_per_area_overall_and_per_item_shown_by_enough_peers() {
        let own = pack(
            "Own",
            Some(3.0),
            &[
                ("a", Some(3.0), &[("x", Some(3.0)), ("y", None)]),
                ("b", Some(2.0), &[]),
            ],
        );
        // Six peers: area a's means 2, 2, 3, 3.5, 4, 4 (ties); area b shown by only four; item x
        // by five (one peer withheld it), item y by all six.
        let means_a = [2.0, 2.0, 3.0, 3.5, 4.0, 4.0];
        let peers: Vec<Pack> = means_a
            .iter()
            .enumerate()
            .map(|(i, &m)| {
                let x = (i != 0).then_some(m);
                let b = (i < 4).then_some(1.0 + i as f64);
                pack(
                    &format!("Peer {i}"),
                    Some(m),
                    &[("a", Some(m), &[("x", x), ("y", Some(2.0))]), ("b", b, &[])],
                )
            })
            .collect();
        let refs: Vec<&Pack> = peers.iter().collect();
        let v = benchmark(&own, &refs, 3);
        assert_eq!((v.boards, v.minimum, v.needed), (6, 5, 0));
        let overall = v.overall.unwrap().figures.unwrap();
        close(
            overall.quartiles.q1,
            2.25,
            "overall q1 (as in the quartile test)",
        );
        close(overall.quartiles.q3, 3.875, "overall q3");
        close(
            overall.percentile.unwrap(),
            250.0 / 6.0,
            "overall 3: two below, one tie",
        );

        let a = &v.areas[0].placing;
        assert_eq!(a.board, Some(3.0));
        close(a.figures.unwrap().quartiles.median, 3.25, "area a's median");
        let b = &v.areas[1].placing;
        assert_eq!(b.boards, 4, "area b is shown by four peers");
        assert!(b.figures.is_none(), "four peers show area b: no figure");

        let ids: Vec<&str> = v.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["x", "y"], "items shown by at least five peers");
        let x = v.items[0].placing.figures.unwrap();
        // Item x over 2, 3, 3.5, 4, 4: ranks 1, 2, 3 → 3, 3.5, 4; the board's 3: one below, one
        // equal → 100 × 1.5 ÷ 5 = 30.
        close(x.quartiles.q1, 3.0, "item x q1");
        close(x.quartiles.median, 3.5, "item x median");
        close(x.percentile.unwrap(), 30.0, "item x percentile");
        let y = &v.items[1].placing;
        assert_eq!(y.board, None, "the board withheld y");
        assert!(y.figures.unwrap().percentile.is_none());
    }

    #[test]
    fn fewer_peers_than_the_minimum_show_no_figure_and_say_how_many_more_are_needed() {
        let own = pack("Own", Some(3.0), &[("a", Some(3.0), &[("x", Some(3.0))])]);
        let peers: Vec<Pack> = (0..4)
            .map(|i| {
                pack(
                    &format!("P{i}"),
                    Some(2.0),
                    &[("a", Some(2.0), &[("x", Some(2.0))])],
                )
            })
            .collect();
        let refs: Vec<&Pack> = peers.iter().collect();
        let v = benchmark(&own, &refs, 5);
        assert_eq!((v.boards, v.needed), (4, 1));
        assert!(!v.enough());
        assert!(v.areas.is_empty() && v.items.is_empty(), "no figure at all");
        let json = serde_json::to_string(&v).unwrap();
        assert!(!json.contains("P0"), "no peer is named: {json}");
    }
}
