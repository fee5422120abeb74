//! `govmat actions` and `govmat history`: the board's record from the CLI, so a company secretary
//! can keep the action plan between away-days and check that the recorded decisions are the
//! ones agreed. Each command is one call to the use-case API; this module only prints.

use std::io::Write;

use anyhow::{bail, Context};
use clap::Subcommand;
use govmat::{ActionChange, ActionRow, ActionStatus, Govmat, NewAction, RoundRef};
use serde_json::json;

use super::say;

#[derive(Subcommand)]
pub enum Actions {
    /// The round's own actions.
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        json: bool,
    },
    /// Add an action to the round (open until its status is set).
    Add {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        title: String,
        /// The item it is about (its id); without it, the whole round.
        #[arg(long)]
        item: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// Change how an action stands: one of the round's own, or one of last round's (by the id
    /// `actions review` shows).
    Set {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        id: i64,
        /// open, in-progress, done or dropped.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// YYYY-MM-DD; an empty value clears it.
        #[arg(long)]
        due: Option<String>,
        /// A link to, or a reference for, the evidence that it was done.
        #[arg(long)]
        evidence: Option<String>,
    },
    /// Last round's actions as they stand now, and the follow-through rate.
    Review {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        json: bool,
    },
}

fn round(g: &Govmat, org: &str, round: &str) -> anyhow::Result<i64> {
    let (_, r) = g.resolve(&RoundRef {
        org: org.to_string(),
        round: round.to_string(),
    })?;
    Ok(r.id)
}

fn status(text: &str) -> anyhow::Result<ActionStatus> {
    ActionStatus::parse(text).with_context(|| {
        format!("\"{text}\" is not a status: give open, in-progress, done or dropped")
    })
}

fn action_json(a: &ActionRow) -> serde_json::Value {
    json!({
        "id": a.id, "title": a.text, "item": a.item_id, "owner": a.owner, "due": a.due,
        "status": a.status, "note": a.note, "evidence": a.evidence,
        "carried_from": a.carried_from,
    })
}

fn print_action(a: &ActionRow) -> anyhow::Result<()> {
    say!(
        "{:>4}  {:<11}  {}{}{}{}",
        a.id,
        a.status.label(),
        a.text,
        a.item_id
            .as_deref()
            .map_or(String::new(), |i| format!(" [{i}]")),
        if a.owner.is_empty() {
            String::new()
        } else {
            format!(" — {}", a.owner)
        },
        a.due
            .as_deref()
            .map_or(String::new(), |d| format!(", due {d}"))
    );
    Ok(())
}

pub fn actions(g: &mut Govmat, cmd: &Actions) -> anyhow::Result<()> {
    match cmd {
        Actions::List {
            org,
            round: name,
            json,
        } => {
            let r = round(g, org, name)?;
            let list = g.actions(r)?;
            if *json {
                let out: Vec<_> = list.iter().map(action_json).collect();
                say!("{}", serde_json::to_string_pretty(&out)?);
            } else if list.is_empty() {
                say!("no actions in \"{name}\"");
            } else {
                for a in &list {
                    print_action(a)?;
                }
            }
        }
        Actions::Add {
            org,
            round: name,
            title,
            item,
            owner,
            due,
        } => {
            let r = round(g, org, name)?;
            let a = g.add_action(
                r,
                &NewAction {
                    item_id: item.clone(),
                    text: title.clone(),
                    owner: owner.clone().unwrap_or_default(),
                    due: due.clone(),
                    status: ActionStatus::Open,
                    carried_from: None,
                },
            )?;
            say!("added action {}: {}", a.id, a.text);
        }
        Actions::Set {
            org,
            round: name,
            id,
            status: s,
            note,
            owner,
            due,
            evidence,
        } => {
            let r = round(g, org, name)?;
            let change = ActionChange {
                status: s.as_deref().map(status).transpose()?,
                note: note.clone(),
                evidence: evidence.clone(),
                owner: owner.clone(),
                due: due.clone(),
            };
            let a = g.follow_up(r, *id, &change)?;
            print_action(&a)?;
        }
        Actions::Review {
            org,
            round: name,
            json,
        } => {
            let r = round(g, org, name)?;
            let review = g.action_review(r)?;
            let f = &review.follow_through;
            if *json {
                let actions: Vec<_> = review
                    .actions
                    .iter()
                    .map(|a| {
                        json!({
                            "id": a.id, "title": a.title, "item": a.item, "owner": a.owner,
                            "due": a.due, "status": a.status, "note": a.note,
                        })
                    })
                    .collect();
                let out = json!({
                    "from_round": review.from_round,
                    "actions": actions,
                    "follow_through": {
                        "total": f.total, "done": f.done, "in_progress": f.in_progress,
                        "open": f.open, "dropped": f.dropped, "rate": f.rate,
                    },
                });
                say!("{}", serde_json::to_string_pretty(&out)?);
                return Ok(());
            }
            let Some(from) = &review.from_round else {
                say!("\"{name}\" is the first round of its questionnaire: there is nothing to look back on");
                return Ok(());
            };
            say!(
                "Actions from \"{from}\": {} (follow-through {})",
                review.headline,
                f.percent()
            );
            for a in &review.actions {
                say!(
                    "{:>4}  {:<11}  {}{}{}",
                    a.id,
                    a.status.label(),
                    a.title,
                    if a.owner.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", a.owner)
                    },
                    if a.note.is_empty() {
                        String::new()
                    } else {
                        format!("\n        {}", a.note)
                    }
                );
            }
        }
    }
    Ok(())
}

/// `govmat history`: the round's decision history, oldest first; with `verify`, an error naming
/// the first item that differs when the chain or the decisions were changed outside govmat.
pub fn history(g: &Govmat, org: &str, name: &str, json: bool, verify: bool) -> anyhow::Result<()> {
    let r = round(g, org, name)?;
    let h = g.decision_history(r)?;
    if json {
        say!("{}", serde_json::to_string_pretty(&h)?);
    } else {
        if h.entries.is_empty() {
            say!("no decision has been recorded in \"{name}\"");
        }
        for e in &h.entries {
            say!("{:>4}  {}  {}: {}", e.seq, e.when, e.item, e.change);
        }
    }
    if verify {
        if let Some(p) = &h.problem {
            bail!("the decision history of \"{name}\" does not verify: {p}");
        }
        if !json {
            say!(
                "the decision history of \"{name}\" verifies: {} and the round's decisions are its latest values",
                match h.entries.len() {
                    1 => "1 entry".to_string(),
                    n => format!("{n} entries"),
                }
            );
        }
    }
    Ok(())
}
