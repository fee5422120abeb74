//! Who may be told apart: the minimum group, and role groups for every breakdown by role.
//!
//! A board has one chair, so "the chair's score" is never anonymous. Every statistic broken down
//! by role therefore goes through [`RoleGroups`]: role groups smaller than the minimum are merged
//! with their neighbour on the same side of the board (the chair with the non-executives, others
//! with the executives), and if a group is still too small the breakdown is withheld altogether,
//! since showing the other groups beside the overall figure would give the small group away by
//! subtraction. The same holds item by item: a breakdown is shown only when every group gave at
//! least the minimum number of scored answers. Scoring (`scoring.rs`) and the anonymised round
//! (`anonymity.rs`) both use these types; they depend on nothing but the answer types.
//!
//! `MIN_GROUP` is 3; an organisation may raise its own minimum, never lower it. `Anonymity` carries
//! the minimum in force, `Split` a breakdown that passed the rule.

use serde::Serialize;

use crate::answer::Role;

/// The mean of some numbers, `None` for none.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

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
    fn the_minimum_group_size_can_be_raised_but_not_set_below_three() {
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
