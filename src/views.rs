//! Reading a round: the scored summary (the CLI's JSON contract), the richer view the app and
//! the report use, comparisons, trends and the spectrum.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use govmat_core::{
    anonymise, anonymise_spectrum, Anonymity, AnonymousComment, Comparison, Decision, Instrument,
    RawBallot, RoleGroups, RoundScore, SpectrumSummary, Trend,
};
use govmat_store::{ActionRow, Organisation, RoundRow};
use serde::Serialize;

use crate::error::Result;
use crate::Govmat;

/// `questionnaires --json`: one instrument's outline.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentOutline {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub kind: &'static str,
    pub areas: Vec<OutlineArea>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlineArea {
    pub id: String,
    pub title: String,
    pub items: Vec<OutlineItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlineItem {
    pub id: String,
    pub title: String,
}

impl InstrumentOutline {
    pub fn of(i: &Instrument) -> InstrumentOutline {
        InstrumentOutline {
            id: i.id.clone(),
            version: i.version,
            title: i.title.clone(),
            kind: i.kind.as_str(),
            areas: i
                .areas
                .iter()
                .map(|a| OutlineArea {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    items: a
                        .items
                        .iter()
                        .map(|it| OutlineItem {
                            id: it.id.clone(),
                            title: it.title.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// `summary --json`: the stable contract consultants script against.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub org: String,
    pub round: String,
    pub questionnaire: QuestionnaireRef,
    pub respondents: usize,
    pub areas: Vec<SummaryArea>,
    pub overall: Overall,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overall {
    /// The members' mean: the mean of the area means, each over its shown items only.
    pub mean: Option<f64>,
    /// How many items count in the mean (those with a mean shown), of how many.
    pub items_in_mean: usize,
    pub items: usize,
    /// The board's overall level: per item the agreed score where the board agreed one, else the
    /// members' mean where it is shown; the mean of the area levels.
    pub level: Option<f64>,
    /// How many items count in the level (an agreed score or a shown mean).
    pub items_in_level: usize,
    /// How many items have an agreed score.
    pub items_agreed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryArea {
    pub id: String,
    pub title: String,
    /// The members' mean over the area's shown items.
    pub mean: Option<f64>,
    pub items_in_mean: usize,
    /// The board's level on the area (see [`Overall::level`]).
    pub level: Option<f64>,
    pub items_in_level: usize,
    pub items: Vec<SummaryItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryItem {
    pub id: String,
    pub title: String,
    pub n: usize,
    pub dont_know: usize,
    /// True when fewer than the minimum group scored the item: every figure is then null.
    pub withheld: bool,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub sd: Option<f64>,
    pub agreed: Option<i64>,
    pub target: Option<i64>,
    pub gap: Option<f64>,
}

/// What may be shown of one item's answers, with the board's decision: scored values lowest
/// first, comments without names in an order unrelated to who wrote them.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: String,
    pub values: Vec<i64>,
    pub dont_know: usize,
    pub comments: Vec<AnonymousComment>,
    pub decision: Decision,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    #[serde(flatten)]
    pub action: ActionRow,
}

/// One round with the anonymity rule applied: what the report and the exports are made from.
/// It holds no name, no member id and no breakdown of a group smaller than the minimum.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    pub organisation: Organisation,
    pub round: RoundRow,
    pub instrument: Instrument,
    /// How many members took part.
    pub respondents: usize,
    pub score: RoundScore,
    pub groups: RoleGroups,
    pub items: Vec<ItemView>,
    pub actions: Vec<ActionRow>,
    pub spectrum: Option<SpectrumView>,
}

/// The spectrum of a round as anyone may see it: the members' spread, never one member's place.
#[derive(Debug, Clone, Serialize)]
pub struct SpectrumView {
    pub instrument: Instrument,
    pub summary: SpectrumSummary,
}

/// The results and actions screens: scores, decisions and actions, nothing about members.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    pub organisation: Organisation,
    pub round: RoundRow,
    pub instrument: Instrument,
    pub respondents: usize,
    pub score: RoundScore,
    pub actions: Vec<ActionRow>,
}

/// The reveal on the projector: every item's spread, disagreement first, with the decision.
#[derive(Debug, Clone, Serialize)]
pub struct RevealView {
    pub instrument: Instrument,
    pub respondents: usize,
    pub min_group: usize,
    pub items: Vec<AgreeView>,
}

/// The facilitator's view of one item while agreeing it.
#[derive(Debug, Clone, Serialize)]
pub struct AgreeView {
    pub item: govmat_core::ItemScore,
    /// Scored answers, lowest first.
    pub values: Vec<i64>,
    pub comments: Vec<AnonymousComment>,
    pub decision: Decision,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    #[serde(flatten)]
    pub organisation: Organisation,
    pub rounds: Vec<RoundRow>,
}

impl Govmat {
    pub fn questionnaires(&self) -> Vec<InstrumentOutline> {
        self.catalogue
            .entries()
            .iter()
            .map(|e| InstrumentOutline::of(&e.instrument))
            .collect()
    }

    pub fn organisations(&self) -> Result<Vec<OrganisationView>> {
        self.unlocked()?;
        self.unlocked()?
            .organisations()?
            .into_iter()
            .map(|o| {
                Ok(OrganisationView {
                    rounds: self.unlocked()?.rounds(o.id)?,
                    organisation: o,
                })
            })
            .collect()
    }

    /// Loads and scores a round with the anonymity rule applied.
    pub fn round_view(&self, round_id: i64) -> Result<RoundView> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let organisation = self.unlocked()?.organisation(round.organisation_id)?;
        let instrument = self.instrument_of(&round)?;
        let ballots = self.unlocked()?.ballots(round_id)?;
        let decisions = self.unlocked()?.decisions(round_id)?;
        let anonymity = anonymity_of(&organisation)?;
        let anon = anonymise(&instrument, &ballots, &decisions, anonymity);
        let items = anon
            .items
            .into_iter()
            .map(|it| ItemView {
                decision: decisions.get(&it.id).cloned().unwrap_or_default(),
                id: it.id,
                values: it.values,
                dont_know: it.dont_know,
                comments: it.comments,
            })
            .collect();
        let spectrum = self.spectrum_of_ballots(&round, &ballots, anonymity)?;
        Ok(RoundView {
            actions: self.unlocked()?.actions(round_id)?,
            organisation,
            round,
            instrument,
            respondents: ballots.len(),
            score: anon.score,
            groups: anon.groups,
            items,
            spectrum,
        })
    }

    /// The results and actions screens of a round.
    pub fn results_view(&self, round_id: i64) -> Result<ResultsView> {
        let v = self.round_view(round_id)?;
        Ok(ResultsView {
            organisation: v.organisation,
            round: v.round,
            instrument: v.instrument,
            respondents: v.respondents,
            score: v.score,
            actions: v.actions,
        })
    }

    /// The spectrum screen: the instrument and the anonymous summary (`None` before any position).
    pub fn spectrum_screen(&self, round_id: i64) -> Result<Option<SpectrumView>> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let anonymity = anonymity_of(&self.unlocked()?.organisation(round.organisation_id)?)?;
        self.spectrum_view(&round, anonymity)
    }

    fn spectrum_view(
        &self,
        round: &RoundRow,
        anonymity: Anonymity,
    ) -> Result<Option<SpectrumView>> {
        let ballots = self.unlocked()?.ballots(round.id)?;
        self.spectrum_of_ballots(round, &ballots, anonymity)
    }

    fn spectrum_of_ballots(
        &self,
        round: &RoundRow,
        ballots: &[RawBallot],
        anonymity: Anonymity,
    ) -> Result<Option<SpectrumView>> {
        let Some(instrument) = self.spectrum_of(round)? else {
            return Ok(None);
        };
        let agreed = self.unlocked()?.agreed_positions(round.id)?;
        let summary = anonymise_spectrum(&instrument, ballots, &agreed, anonymity);
        Ok(Some(SpectrumView {
            instrument,
            summary,
        }))
    }

    /// The JSON summary of the CLI contract.
    pub fn summary(&self, round_id: i64) -> Result<Summary> {
        let v = self.round_view(round_id)?;
        Ok(Summary {
            org: v.organisation.name,
            round: v.round.name,
            questionnaire: QuestionnaireRef {
                id: v.instrument.id,
                version: v.instrument.version,
            },
            respondents: v.score.respondents,
            overall: Overall {
                mean: v.score.overall,
                items_in_mean: v.score.items_in_mean,
                items: v.score.items_total,
                level: v.score.level,
                items_in_level: v.score.items_in_level,
                items_agreed: v.score.items_agreed,
            },
            areas: v
                .score
                .areas
                .into_iter()
                .map(|a| SummaryArea {
                    id: a.id,
                    title: a.title,
                    mean: a.mean,
                    items_in_mean: a.items_in_mean,
                    level: a.level,
                    items_in_level: a.items_in_level,
                    items: a
                        .items
                        .into_iter()
                        .map(|i| SummaryItem {
                            id: i.id,
                            title: i.title,
                            n: i.stats.n,
                            dont_know: i.dont_know,
                            withheld: i.stats.withheld,
                            mean: i.stats.mean,
                            median: i.stats.median,
                            min: i.stats.min,
                            max: i.stats.max,
                            sd: i.stats.sd,
                            agreed: i.agreed,
                            target: i.target,
                            gap: i.gap,
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// Compares round `before` with round `after` (usually earlier and later).
    pub fn compare(&self, before: i64, after: i64) -> Result<Comparison> {
        self.unlocked()?;
        let (a, b) = (self.round_view(before)?, self.round_view(after)?);
        Ok(govmat_core::compare(
            &a.instrument,
            &a.score,
            &b.instrument,
            &b.score,
        ))
    }

    /// Area means across an organisation's rounds of one questionnaire, oldest first.
    ///
    /// Rescoring ten years of rounds from their raw answers takes several times the 20 ms a trend
    /// may take, yet old rounds rarely change. So each round's score is kept with the revision it
    /// was computed at, and only rounds whose revision has moved since are scored again. The
    /// revisions are read before the answers, so a score is never filed under a later revision.
    pub fn trend(&self, organisation_id: i64, questionnaire: &str) -> Result<Trend> {
        self.unlocked()?;
        let rounds: Vec<RoundRow> = self
            .unlocked()?
            .rounds(organisation_id)?
            .into_iter()
            .filter(|r| r.instrument_id == questionnaire)
            .collect();
        let revisions = self.unlocked()?.revisions(organisation_id)?;
        // The organisation's own minimum, as every other view of its rounds uses.
        let anonymity = anonymity_of(&self.unlocked()?.organisation(organisation_id)?)?;
        let mut instruments: BTreeMap<u32, Instrument> = BTreeMap::new();
        for r in &rounds {
            if let Entry::Vacant(e) = instruments.entry(r.instrument_version) {
                e.insert(self.instrument_of(r)?);
            }
        }
        {
            let mut cache = self.scores.borrow_mut();
            if cache.db != self.unlocked()?.path() {
                *cache = ScoreCache {
                    db: self.unlocked()?.path().to_path_buf(),
                    scores: HashMap::new(),
                };
            }
            for r in &rounds {
                // A round deleted since `rounds()` was read has no revision; it is scored once
                // under one that no real round ever has, so it is never reused.
                let revision = revisions.get(&r.id).copied().unwrap_or(i64::MIN);
                // A score kept under another minimum (the organisation has raised it since) is
                // not this one: the minimum is no revision of the round's, so it is checked here.
                if cache.scores.get(&r.id).is_some_and(|(rev, s)| {
                    *rev == revision && s.min_group == anonymity.min_group()
                }) {
                    continue;
                }
                let score = self.score(r.id, &instruments[&r.instrument_version], anonymity)?;
                cache.scores.insert(r.id, (revision, score));
            }
        }
        let cache = self.scores.borrow();
        let rows: Vec<(String, String, &Instrument, &RoundScore)> = rounds
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    r.date.clone(),
                    &instruments[&r.instrument_version],
                    &cache.scores[&r.id].1,
                )
            })
            .collect();
        Ok(govmat_core::trend(&rows))
    }

    /// Scores one round against its (already read) instrument, under the organisation's rule.
    fn score(
        &self,
        round_id: i64,
        instrument: &Instrument,
        anonymity: Anonymity,
    ) -> Result<RoundScore> {
        let ballots = self.unlocked()?.ballots(round_id)?;
        let decisions = self.unlocked()?.decisions(round_id)?;
        Ok(anonymise(instrument, &ballots, &decisions, anonymity).score)
    }

    /// The reveal: every item's statistics, scored values (lowest first), comments without
    /// names and the decision so far, items where members disagree most first.
    pub fn reveal_view(&self, round_id: i64) -> Result<RevealView> {
        let v = self.round_view(round_id)?;
        let mut items: Vec<AgreeView> = v
            .score
            .items()
            .zip(v.items)
            .map(|(s, i)| AgreeView {
                item: s.clone(),
                values: i.values,
                comments: i.comments,
                decision: i.decision,
            })
            .collect();
        let order: Vec<String> = govmat_core::disagreement_first(&v.score)
            .iter()
            .map(|i| i.id.clone())
            .collect();
        items.sort_by_key(|a| order.iter().position(|id| id == &a.item.id));
        Ok(RevealView {
            instrument: v.instrument,
            respondents: v.respondents,
            min_group: v.groups.min_group,
            items,
        })
    }
}

/// The organisation's anonymity rule. A stored minimum below the floor (written by an older
/// version) is raised to it rather than refused, so the board still opens.
fn anonymity_of(o: &Organisation) -> Result<Anonymity> {
    Anonymity::new(o.min_group.max(govmat_core::MIN_GROUP)).map_err(crate::Error::Invalid)
}

/// Round scores already computed, by round id, with the round revision each was computed at
/// (see `Store::revisions`), for the database file they came from.
#[derive(Default)]
pub(crate) struct ScoreCache {
    db: PathBuf,
    scores: HashMap<i64, (i64, RoundScore)>,
}
