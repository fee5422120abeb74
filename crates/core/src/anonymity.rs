//! The one anonymity rule: who may be told apart in anything a round shows or exports.
//!
//! A board has one chair, so "the chair's score" is never anonymous. Every statistic broken down
//! by role therefore goes through [`RoleGroups`]: role groups smaller than the minimum are merged
//! with their neighbour on the same side of the board (the chair with the non-executives, others
//! with the executives), and if a group is still too small the breakdown is withheld altogether,
//! since showing the other groups beside the overall figure would give the small group away by
//! subtraction. The same holds item by item: a breakdown is shown only when every group gave at
//! least the minimum number of scored answers.
//!
//! [`AnonymousRound`] is what views and exports receive: statistics, votes as counts per level and
//! sorted values, and comments without names or ids in an order unrelated to who answered. It
//! holds nothing that links one member's answers across items (no per-member rows, however
//! coded): on a board of nine, one remark heard in the room ("I was the only don't know") would
//! otherwise unlock the rest of that member's ballot. And no figure rests on fewer than the
//! minimum group of answers: an item with fewer shows its counts only (see [`Stats::at_least`]).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::{Answer, Role};
use crate::model::Instrument;
#[cfg(doc)]
use crate::scoring::Stats;
use crate::scoring::{mean, score_round_with, Ballot, Decision, RoundScore};
use crate::spectrum::{summarise, Position, SpectrumSummary};

/// The fewest answers any figure may rest on, and the fewest members (or scored answers) a role
/// group may have for its figures to be shown. Two is never enough: in a pair, each learns the
/// other's answer.
pub const MIN_GROUP: usize = 3;

/// The minimum group size in force; an organisation may raise it above [`MIN_GROUP`], never lower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Anonymity {
    min_group: usize,
}

impl Default for Anonymity {
    fn default() -> Self {
        Anonymity {
            min_group: MIN_GROUP,
        }
    }
}

impl Anonymity {
    pub fn new(min_group: usize) -> Result<Anonymity, String> {
        if min_group < MIN_GROUP {
            return Err(format!(
                "the smallest group shown must be at least {MIN_GROUP} members, not {min_group}: with fewer, each member could work out the others' answers"
            ));
        }
        Ok(Anonymity { min_group })
    }

    pub fn min_group(self) -> usize {
        self.min_group
    }

    /// Groups the members of a round (given by their roles) for every breakdown by role.
    pub fn groups(self, roles: &[Role]) -> RoleGroups {
        let count = |r: Role| roles.iter().filter(|&&x| x == r).count();
        let min = self.min_group;
        let mut groups: Vec<RoleGroup> = Vec::new();
        for side in [
            [Role::Chair, Role::NonExecutive],
            [Role::Executive, Role::Other],
        ] {
            let present: Vec<Role> = side.into_iter().filter(|r| count(*r) > 0).collect();
            if present.is_empty() {
                continue;
            }
            if present.iter().all(|r| count(*r) >= min) {
                groups.extend(present.iter().map(|&r| RoleGroup::of(&[r], count(r))));
            } else {
                let n = present.iter().map(|r| count(*r)).sum();
                groups.push(RoleGroup::of(&present, n));
            }
        }
        let total = roles.len();
        let suppressed = groups.iter().any(|g| g.members < min);
        if suppressed {
            groups = vec![RoleGroup {
                label: "All members".into(),
                roles: Role::ALL.to_vec(),
                members: total,
            }];
        }
        RoleGroups {
            min_group: min,
            split: !suppressed && groups.len() > 1,
            groups,
        }
    }
}

/// Members grouped for breakdowns by role. When `split` is false there is one group of everyone
/// and no figure may be given by role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleGroups {
    pub min_group: usize,
    pub split: bool,
    pub groups: Vec<RoleGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleGroup {
    pub label: String,
    #[serde(skip)]
    pub roles: Vec<Role>,
    pub members: usize,
}

impl RoleGroup {
    fn of(roles: &[Role], members: usize) -> RoleGroup {
        let plural = |r: &Role| match r {
            Role::Chair => "Chair",
            Role::NonExecutive => "Non-executives",
            Role::Executive => "Executives",
            Role::Other => "Others",
        };
        let label = match roles {
            [one] => plural(one).to_string(),
            [first, rest @ ..] => {
                let rest: Vec<String> = rest.iter().map(|r| plural(r).to_lowercase()).collect();
                format!("{} and {}", plural(first), rest.join(" and "))
            }
            [] => "All members".into(),
        };
        RoleGroup {
            label,
            roles: roles.to_vec(),
            members,
        }
    }
}

impl RoleGroups {
    /// The group a role belongs to, or `None` when no breakdown may be shown.
    pub fn of(&self, role: Role) -> Option<usize> {
        if !self.split {
            return None;
        }
        self.groups.iter().position(|g| g.roles.contains(&role))
    }

    /// The label to show beside something a member of `role` said, if any may be shown.
    pub fn label_of(&self, role: Role) -> Option<&str> {
        self.of(role).map(|i| self.groups[i].label.as_str())
    }

    /// A breakdown of scored values by group, given (role, value) pairs: shown only when there
    /// is a split and every group has at least the minimum number of values.
    pub fn split(&self, values: impl IntoIterator<Item = (Role, f64)>) -> Split {
        if !self.split {
            return Split::Suppressed {
                reason: format!(
                    "Not shown by role, so that nobody can be identified: no group of fewer than {} members is shown",
                    self.min_group
                ),
            };
        }
        let mut per: Vec<Vec<f64>> = vec![Vec::new(); self.groups.len()];
        for (role, v) in values {
            if let Some(i) = self.of(role) {
                per[i].push(v);
            }
        }
        if per.iter().any(|vs| vs.len() < self.min_group) {
            return Split::Suppressed {
                reason: format!(
                    "Not shown by role for this item: a role group gave fewer than {} scores",
                    self.min_group
                ),
            };
        }
        Split::Shown {
            groups: self
                .groups
                .iter()
                .zip(per)
                .map(|(g, vs)| GroupMean {
                    label: g.label.clone(),
                    n: vs.len(),
                    mean: mean(vs),
                })
                .collect(),
        }
    }
}

/// A statistic broken down by role group, or the reason it is withheld.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Split {
    Shown { groups: Vec<GroupMean> },
    Suppressed { reason: String },
}

impl Split {
    pub fn groups(&self) -> &[GroupMean] {
        match self {
            Split::Shown { groups } => groups,
            Split::Suppressed { .. } => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMean {
    pub label: String,
    pub n: usize,
    pub mean: Option<f64>,
}

/// One member's ballot as the store holds it: role, answers, comments and spectrum placements.
///
/// Sealed: anything may build one (the store does, from its rows), but only this module can read
/// it back, so raw answers reach the rest of the program only through [`anonymise`] and
/// [`anonymise_spectrum`], with the anonymity rule applied. Its `Debug` shows counts, never an
/// answer, so a ballot cannot leak through a log line either.
#[derive(Clone)]
pub struct RawBallot {
    role: Role,
    answers: BTreeMap<String, Answer>,
    comments: BTreeMap<String, String>,
    positions: BTreeMap<String, Position>,
}

impl RawBallot {
    pub fn new(role: Role) -> RawBallot {
        RawBallot {
            role,
            answers: BTreeMap::new(),
            comments: BTreeMap::new(),
            positions: BTreeMap::new(),
        }
    }

    /// Records the member's answer to an item, with a comment (empty for none).
    pub fn answer(&mut self, item: &str, answer: Answer, comment: &str) {
        self.answers.insert(item.to_string(), answer);
        if !comment.is_empty() {
            self.comments.insert(item.to_string(), comment.to_string());
        }
    }

    /// Records the member's placement on a spectrum dimension.
    pub fn place(&mut self, dimension: &str, position: Position) {
        self.positions.insert(dimension.to_string(), position);
    }
}

impl std::fmt::Debug for RawBallot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RawBallot {{ {} answers, {} comments, {} placements }}",
            self.answers.len(),
            self.comments.len(),
            self.positions.len()
        )
    }
}

/// What may be shown of one item's answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnonymousItem {
    pub id: String,
    /// Every scored answer, lowest first: never in the order members answered. Empty when fewer
    /// than the minimum group scored the item.
    pub values: Vec<i64>,
    pub dont_know: usize,
    pub comments: Vec<AnonymousComment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnonymousComment {
    pub text: String,
    /// The commenter's role group, only where breakdowns by role may be shown.
    pub group: Option<String>,
}

/// A round with the anonymity rule applied: the only form in which answers leave the API.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct AnonymousRound {
    pub score: RoundScore,
    pub groups: RoleGroups,
    pub items: Vec<AnonymousItem>,
}

/// Applies the anonymity rule to a round.
pub fn anonymise(
    instrument: &Instrument,
    ballots: &[RawBallot],
    decisions: &BTreeMap<String, Decision>,
    anonymity: Anonymity,
) -> AnonymousRound {
    let roles: Vec<Role> = ballots.iter().map(|b| b.role).collect();
    let groups = anonymity.groups(&roles);
    let scoring: Vec<Ballot> = ballots
        .iter()
        .map(|b| Ballot {
            respondent: String::new(),
            role: b.role,
            answers: b.answers.clone(),
        })
        .collect();
    let score = score_round_with(instrument, &scoring, decisions, &groups);
    let items = instrument
        .items()
        .map(|item| {
            let mut values = Vec::new();
            let mut dont_know = 0;
            let mut comments = Vec::new();
            for b in ballots {
                match b.answers.get(&item.id) {
                    Some(Answer::Level(v)) => values.push(*v),
                    Some(Answer::DontKnow) => dont_know += 1,
                    _ => {}
                }
                if let Some(text) = b.comments.get(&item.id).filter(|t| !t.trim().is_empty()) {
                    comments.push(AnonymousComment {
                        text: text.clone(),
                        group: groups.label_of(b.role).map(str::to_string),
                    });
                }
            }
            values.sort_unstable();
            if values.len() < groups.min_group {
                values.clear();
            }
            // Alphabetical order says nothing about who wrote what.
            comments.sort_by(|a, b| {
                a.text
                    .to_lowercase()
                    .cmp(&b.text.to_lowercase())
                    .then(a.text.cmp(&b.text))
            });
            AnonymousItem {
                id: item.id.clone(),
                values,
                dont_know,
                comments,
            }
        })
        .collect();
    AnonymousRound {
        score,
        groups,
        items,
    }
}

/// Summarises members' spectrum placements (and the board's agreed position) under the anonymity
/// rule: a dimension placed by fewer than the minimum shows only how many placed it.
pub fn anonymise_spectrum(
    spectrum: &Instrument,
    ballots: &[RawBallot],
    agreed: &BTreeMap<String, Position>,
    anonymity: Anonymity,
) -> SpectrumSummary {
    let placed: Vec<BTreeMap<String, Position>> = ballots
        .iter()
        .filter(|b| !b.positions.is_empty())
        .map(|b| b.positions.clone())
        .collect();
    summarise(spectrum, &placed, agreed, anonymity.min_group())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    fn labels(g: &RoleGroups) -> Vec<(String, usize)> {
        g.groups
            .iter()
            .map(|x| (x.label.clone(), x.members))
            .collect()
    }

    #[test]
    fn role_groups_merge_small_roles_with_their_side_or_withhold_the_split() {
        let a = Anonymity::default();
        // (the board's roles, whether a split may be shown, the groups expected)
        type Case = (&'static [Role], bool, &'static [(&'static str, usize)]);
        let cases: &[Case] = &[
            (
                &[
                    Chair,
                    Other,
                    Executive,
                    Executive,
                    NonExecutive,
                    NonExecutive,
                    NonExecutive,
                    NonExecutive,
                    NonExecutive,
                ],
                true,
                &[
                    ("Chair and non-executives", 6),
                    ("Executives and others", 3),
                ],
            ),
            (
                &[
                    Chair,
                    NonExecutive,
                    NonExecutive,
                    NonExecutive,
                    Executive,
                    Executive,
                    Executive,
                ],
                true,
                &[("Chair and non-executives", 4), ("Executives", 3)],
            ),
            (
                &[
                    Chair,
                    NonExecutive,
                    NonExecutive,
                    NonExecutive,
                    Executive,
                    Executive,
                ],
                false,
                &[("All members", 6)],
            ),
            (&[NonExecutive, NonExecutive], false, &[("All members", 2)]),
            (&[NonExecutive; 4], false, &[("Non-executives", 4)]),
        ];
        for (roles, split, expected) in cases {
            let g = a.groups(roles);
            let want: Vec<(String, usize)> =
                expected.iter().map(|(l, n)| (l.to_string(), *n)).collect();
            assert_eq!(labels(&g), want, "groups for {roles:?}");
            assert_eq!(g.split, *split, "whether {roles:?} may be split by role");
        }
    }

    #[test]
    fn the_minimum_group_size_can_be_raised_but_not_set_below_two() {
        assert!(Anonymity::new(1).is_err(), "a group of one is a person");
        assert!(
            Anonymity::new(2).is_err(),
            "in a pair each member learns the other's answer"
        );
        let strict = Anonymity::new(5).expect("5 is allowed");
        let g = strict.groups(&[
            NonExecutive,
            NonExecutive,
            NonExecutive,
            NonExecutive,
            Executive,
            Executive,
            Executive,
            Executive,
            Executive,
        ]);
        assert!(
            !g.split,
            "four non-executives are too few when the minimum is five"
        );
    }

    #[test]
    fn an_item_split_is_withheld_when_a_group_gave_too_few_scored_answers() {
        let g = Anonymity::default().groups(&[
            NonExecutive,
            NonExecutive,
            NonExecutive,
            Executive,
            Executive,
            Executive,
        ]);
        let shown = g.split([
            (NonExecutive, 1.0),
            (NonExecutive, 2.0),
            (NonExecutive, 3.0),
            (Executive, 4.0),
            (Executive, 4.0),
            (Executive, 1.0),
        ]);
        assert_eq!(shown.groups().len(), 2, "three answers in each group");
        assert_eq!(shown.groups()[1].mean, Some(3.0));
        let withheld = g.split([
            (NonExecutive, 1.0),
            (NonExecutive, 2.0),
            (NonExecutive, 3.0),
            (Executive, 4.0),
            (Executive, 4.0),
        ]);
        assert!(
            matches!(withheld, Split::Suppressed { .. }),
            "two executive answers beside the overall mean would give the third away"
        );
    }
}
