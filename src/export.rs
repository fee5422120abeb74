//! Plain-data exports of a round (CSV and JSON); the XLSX and PDF live in `govmat-report`.

use govmat_report::cells::spreadsheet_text;
use serde_json::json;

use crate::views::RoundView;

/// Anonymous member codes ("M1", "M2", ...) in the order members joined the round.
pub fn member_codes(v: &RoundView) -> std::collections::BTreeMap<i64, String> {
    v.respondents
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, format!("M{}", i + 1)))
        .collect()
}

/// The round as JSON: summary, decisions, comments (by anonymous member code) and actions.
pub fn export_json(v: &RoundView) -> String {
    let codes = member_codes(v);
    let areas: Vec<_> = v
        .score
        .areas
        .iter()
        .map(|a| {
            let items: Vec<_> = a
                .items
                .iter()
                .map(|s| {
                    let detail = v.items.iter().find(|i| i.id == s.id);
                    let comments: Vec<_> = detail
                        .map(|d| {
                            d.votes
                                .iter()
                                .filter(|x| !x.comment.is_empty())
                                .map(|x| json!({"member": codes.get(&x.respondent_id), "role": x.role, "comment": x.comment}))
                                .collect()
                        })
                        .unwrap_or_default();
                    let decision = detail.map(|d| d.decision.clone()).unwrap_or_default();
                    json!({
                        "id": s.id, "title": s.title, "n": s.stats.n, "dont_know": s.dont_know,
                        "mean": s.stats.mean, "median": s.stats.median, "min": s.stats.min, "max": s.stats.max,
                        "sd": s.stats.sd, "disagreement": s.disagreement, "agreed": s.agreed, "target": s.target,
                        "gap": s.gap, "rationale": decision.rationale, "dissent": decision.dissent, "comments": comments,
                    })
                })
                .collect();
            json!({"id": a.id, "title": a.title, "mean": a.mean, "items": items})
        })
        .collect();
    let value = json!({
        "org": v.organisation.name,
        "round": v.round.name,
        "date": v.round.date,
        "questionnaire": {"id": v.instrument.id, "version": v.instrument.version},
        "respondents": v.score.respondents,
        "overall": {"mean": v.score.overall},
        "areas": areas,
        "actions": v.actions,
        "spectrum": v.spectrum.as_ref().map(|s| &s.summary),
    });
    serde_json::to_string_pretty(&value).expect("json values always serialise")
}

const COLUMNS: usize = 17;

/// One row per item then one per action. Cells a spreadsheet would evaluate are escaped.
pub fn export_csv(v: &RoundView) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: Option<f64>| x.map(|x| format!("{x:.2}")).unwrap_or_default();
    let int = |x: Option<i64>| x.map(|x| x.to_string()).unwrap_or_default();
    let row = |w: &mut csv::Writer<Vec<u8>>, cells: Vec<String>| {
        let mut safe: Vec<String> = cells
            .iter()
            .map(|c| spreadsheet_text(c).into_owned())
            .collect();
        safe.resize(COLUMNS, String::new());
        w.write_record(&safe)
            .expect("writing to memory cannot fail");
    };
    row(
        &mut w,
        [
            "record",
            "area",
            "item",
            "title",
            "n",
            "dont_know",
            "mean",
            "median",
            "min",
            "max",
            "sd",
            "disagreement",
            "agreed",
            "rationale",
            "dissent",
            "target",
            "gap",
        ]
        .map(String::from)
        .to_vec(),
    );
    for a in &v.score.areas {
        for s in &a.items {
            let d = v
                .items
                .iter()
                .find(|i| i.id == s.id)
                .map(|i| i.decision.clone())
                .unwrap_or_default();
            row(
                &mut w,
                vec![
                    "item".into(),
                    a.id.clone(),
                    s.id.clone(),
                    s.title.clone(),
                    s.stats.n.to_string(),
                    s.dont_know.to_string(),
                    num(s.stats.mean),
                    num(s.stats.median),
                    int(s.stats.min),
                    int(s.stats.max),
                    num(s.stats.sd),
                    if s.disagreement { "yes" } else { "no" }.into(),
                    int(s.agreed),
                    d.rationale,
                    d.dissent,
                    int(s.target),
                    num(s.gap),
                ],
            );
        }
        row(
            &mut w,
            vec![
                "area".into(),
                a.id.clone(),
                String::new(),
                a.title.clone(),
                String::new(),
                String::new(),
                num(a.mean),
            ],
        );
    }
    row(
        &mut w,
        vec![
            "overall".into(),
            String::new(),
            String::new(),
            "Overall".into(),
            String::new(),
            String::new(),
            num(v.score.overall),
        ],
    );
    for act in &v.actions {
        row(
            &mut w,
            vec![
                "action".into(),
                String::new(),
                act.item_id.clone().unwrap_or_default(),
                act.text.clone(),
                act.owner.clone(),
                act.due.clone().unwrap_or_default(),
                act.status.as_str().into(),
            ],
        );
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("csv of strings is UTF-8")
}
