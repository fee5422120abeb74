//! The board's record in a report (issue 27): "Did we do what we said?" — last round's actions
//! as they stand, with the follow-through rate — and the appendix of decisions changed after
//! the away-day. Written through [`Flow`], so the PDF and the Word report say the same.

use govmat_core::FollowThrough;

use super::sections::col;
use super::Flow;
use super::ReportData;
use super::{Align, CONTENT_W, INK, MUTED};

/// Last round's actions as they stand now, for the section and the summary's line.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowThroughReport {
    pub from_round: String,
    pub from_date: String,
    pub actions: Vec<ReviewLine>,
    pub counts: FollowThrough,
}

/// One of last round's actions, as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewLine {
    pub item: String,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub note: String,
    pub evidence: String,
}

/// A decision changed after the round's date, for the appendix.
#[derive(Debug, Clone, PartialEq)]
pub struct LateChange {
    pub when: String,
    pub item: String,
    pub change: String,
}

/// The headline sentence: "2 of 4 actions from Q1 2025 are done (50% follow-through; 1 dropped)."
pub fn follow_through_sentence(f: &FollowThroughReport) -> String {
    let c = &f.counts;
    let kept = c.total - c.dropped;
    let mut s = format!(
        "{} of {} from {} {} done",
        c.done,
        govmat_core::plural(kept, "action", "actions"),
        f.from_round,
        if c.done == 1 { "is" } else { "are" }
    );
    match c.rate {
        Some(_) => s.push_str(&format!(" ({} follow-through", c.percent())),
        None => s.push_str(" (no follow-through rate: every action was dropped"),
    }
    let mut rest = Vec::new();
    if c.in_progress > 0 {
        rest.push(format!("{} in progress", c.in_progress));
    }
    if c.open > 0 {
        rest.push(format!("{} still open", c.open));
    }
    if c.dropped > 0 {
        rest.push(format!("{} dropped", c.dropped));
    }
    if !rest.is_empty() {
        s.push_str("; ");
        s.push_str(&rest.join(", "));
    }
    s.push_str(").");
    s
}

/// "Did we do what we said?": only when the round follows one that had actions.
pub fn follow_through(l: &mut impl Flow, data: &ReportData) {
    let Some(f) = data.follow_through.as_ref().filter(|f| f.counts.total > 0) else {
        return;
    };
    l.heading("Did we do what we said?", 1);
    l.paragraph(&follow_through_sentence(f), 11.0, true, INK, 0.0);
    l.paragraph(
        &format!(
            "The actions the board agreed at {} ({}), each with the status it has now. Follow-through is the share done of those not dropped; an action carried into this round counts as it stands here.",
            f.from_round, f.from_date
        ),
        9.5,
        false,
        MUTED,
        0.0,
    );
    let rows: Vec<Vec<String>> = f
        .actions
        .iter()
        .map(|a| {
            let mut note = a.note.clone();
            if !a.evidence.is_empty() {
                if !note.is_empty() {
                    note.push_str(" · ");
                }
                note.push_str(&format!("Evidence: {}", a.evidence));
            }
            vec![
                a.title.clone(),
                a.item.clone(),
                a.owner.clone(),
                super::uk_date(&a.due),
                a.status.clone(),
                note,
            ]
        })
        .collect();
    l.table(
        &[
            col("Action", 130.0, Align::Left),
            col("Item", 80.0, Align::Left),
            col("Owner", 64.0, Align::Left),
            col("Due", 60.0, Align::Left),
            col("Status", 64.0, Align::Left),
            col("Note and evidence", CONTENT_W - 398.0, Align::Left),
        ],
        &rows,
        8.5,
    );
}

/// The summary's line: the same sentence, under its own sub-heading.
pub fn summary_line(l: &mut impl Flow, data: &ReportData) {
    let Some(f) = data.follow_through.as_ref().filter(|f| f.counts.total > 0) else {
        return;
    };
    l.heading("Did we do what we said?", 2);
    l.paragraph(&follow_through_sentence(f), 9.5, false, INK, 0.0);
}

/// The appendix of decisions changed after the round's date: only when there are any.
pub fn late_changes(l: &mut impl Flow, data: &ReportData) {
    if data.late_changes.is_empty() {
        return;
    }
    l.heading("Appendix: decisions changed after the away-day", 1);
    l.paragraph(
        &format!(
            "These changes to agreed scores, targets, rationale or dissent were saved after {}, the date of this round. Every change is kept in the round's decision history (govmat history).",
            super::uk_date(data.date)
        ),
        9.5,
        false,
        MUTED,
        0.0,
    );
    let rows: Vec<Vec<String>> = data
        .late_changes
        .iter()
        .map(|c| vec![c.when.clone(), c.item.clone(), c.change.clone()])
        .collect();
    l.table(
        &[
            col("When", 120.0, Align::Left),
            col("Item", 150.0, Align::Left),
            col("Change", CONTENT_W - 270.0, Align::Left),
        ],
        &rows,
        9.0,
    );
}
