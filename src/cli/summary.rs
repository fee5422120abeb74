//! The round's scores as text, for `govmat summary` and `govmat demo`: the round, the board's
//! overall and area levels (agreed scores where agreed, else members' means) and the members'
//! means beside them, each with what it is over, and one line per item. `summary --json` prints the API's
//! summary as it is and does not come here.

use std::io::Write;

use govmat::Govmat;

use super::say;

fn fmt(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

pub fn print(g: &Govmat, round_id: i64) -> anyhow::Result<()> {
    let v = g.round_view(round_id)?;
    say!(
        "{} — {} ({}, {} v{}, {})",
        v.organisation.name,
        v.round.name,
        v.round.date,
        v.instrument.id,
        v.instrument.version,
        v.round.status.as_str()
    );
    let s = &v.score;
    say!(
        "{}; the board's overall level {} (over {} of {} items, {} agreed, the rest at the members' mean); members' mean {} (over {} of {} items)",
        govmat_core::plural(s.respondents, "member", "members"),
        fmt(s.level),
        s.items_in_level,
        s.items_total,
        s.items_agreed,
        fmt(s.overall),
        s.items_in_mean,
        s.items_total
    );
    if v.score.respondents < v.score.min_group {
        say!(
            "Fewer than {} members answered, so only counts are shown: any figure would let each member work out the others' answers.",
            v.score.min_group
        );
    }
    for a in &v.score.areas {
        say!();
        say!(
            "{:<52} level {} (over {} of {} items, {} agreed); members' mean {} (over {} of {})",
            a.title,
            fmt(a.level),
            a.items_in_level,
            a.items.len(),
            a.items_agreed,
            fmt(a.mean),
            a.items_in_mean,
            a.items.len()
        );
        for i in &a.items {
            let flag = if i.disagreement {
                " ⚑ disagreement".to_string()
            } else if i.stats.withheld {
                format!(
                    " (fewer than {} scored answers: not shown)",
                    v.score.min_group
                )
            } else {
                String::new()
            };
            say!(
                "  {:<40} n={:<2} ?={:<2} mean {:>4} sd {:>4} agreed {:>1} target {:>1} gap {:>5}{flag}",
                i.title,
                i.stats.n,
                i.dont_know,
                fmt(i.stats.mean),
                fmt(i.stats.sd),
                i.agreed.map_or("—".into(), |x| x.to_string()),
                i.target.map_or("—".into(), |x| x.to_string()),
                fmt(i.gap),
            );
        }
    }
    Ok(())
}
