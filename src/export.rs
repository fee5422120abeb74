//! Plain-data exports of a round (CSV and JSON), and the one export dispatch the CLI and the
//! desktop share; the XLSX and PDF are drawn by `govmat-report`.
//!
//! The dispatch includes the board summary as `summary-pdf` and `summary-docx`. Suggested file
//! names come from `Govmat::round_file_name` (`session.rs`), one rule for every file made from a
//! round.

use govmat_report::cells::spreadsheet_text;
use serde::Deserialize;
use serde_json::json;

use crate::error::Result;
use crate::provenance::Provenance;
use crate::reports::ReportKind;
use crate::views::RoundView;
use crate::Govmat;

/// The kinds of file a round is exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Pdf,
    /// The editable Word report.
    Docx,
    /// The two-page board summary as PDF.
    #[serde(rename = "summary-pdf")]
    SummaryPdf,
    /// The board summary as an editable Word file.
    #[serde(rename = "summary-docx")]
    SummaryDocx,
    Xlsx,
    Csv,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf | ExportFormat::SummaryPdf => "pdf",
            ExportFormat::Docx | ExportFormat::SummaryDocx => "docx",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

impl Govmat {
    /// The name the save dialog suggests for a round's export: "Organisation - Round.pdf", and
    /// "Organisation - Round - board summary.pdf" for the summary, so the two never overwrite
    /// each other by default.
    pub fn export_name(&self, round_id: i64, format: ExportFormat) -> Result<String> {
        let what = match format {
            ExportFormat::SummaryPdf | ExportFormat::SummaryDocx => "board summary",
            _ => "",
        };
        self.round_file_name(round_id, what, format.extension())
    }

    /// A round as a file's bytes: the PDF or Word report or board summary (produced on
    /// `produced`), XLSX, CSV or JSON.
    pub fn export(
        &self,
        round_id: i64,
        format: ExportFormat,
        compare: Option<i64>,
        produced: &str,
    ) -> Result<Vec<u8>> {
        let report = |kind| crate::ReportOptions {
            compare,
            kind,
            produced: produced.to_string(),
            ..Default::default()
        };
        Ok(match format {
            ExportFormat::Pdf => self.report(round_id, &report(ReportKind::Full))?.bytes,
            ExportFormat::Docx => self.report_docx(round_id, &report(ReportKind::Full))?,
            ExportFormat::SummaryPdf => self.report(round_id, &report(ReportKind::Summary))?.bytes,
            ExportFormat::SummaryDocx => {
                self.report_docx(round_id, &report(ReportKind::Summary))?
            }
            ExportFormat::Xlsx => self.export_xlsx(round_id, produced)?,
            ExportFormat::Csv => export_csv(&self.round_view(round_id)?).into_bytes(),
            ExportFormat::Json => {
                let v = self.round_view(round_id)?;
                let record = self.record_json(&v)?;
                export_json(&v, &self.provenance(&v, produced)?, record).into_bytes()
            }
        })
    }
}

impl Govmat {
    /// The export's follow-through (issue 27): last round's actions as they stand, and the
    /// follow-through of every round of the family that inherited actions, oldest first.
    fn record_json(&self, v: &RoundView) -> Result<serde_json::Value> {
        let review = self.review_of(&v.round)?;
        let trend: Vec<_> = self
            .follow_through_trend(v.organisation.id, &v.instrument.id)?
            .into_iter()
            .map(|r| json!(r))
            .collect();
        Ok(json!({
            "from_round": review.from_round,
            "follow_through": review.follow_through,
            "trend": trend,
        }))
    }
}

/// The round as JSON: summary, decisions, comments (without names, with a role group only where
/// the anonymity rule allows), actions, last round's follow-through (`record`), and how the file
/// was made (`provenance`).
pub(crate) fn export_json(
    v: &RoundView,
    provenance: &Provenance,
    record: serde_json::Value,
) -> String {
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
                            d.comments
                                .iter()
                                .map(|c| json!({"group": c.group, "comment": c.text}))
                                .collect()
                        })
                        .unwrap_or_default();
                    let decision = detail.map(|d| d.decision.clone()).unwrap_or_default();
                    json!({
                        "id": s.id, "title": s.title, "n": s.stats.n, "dont_know": s.dont_know, "withheld": s.stats.withheld,
                        "mean": s.stats.mean, "median": s.stats.median, "min": s.stats.min, "max": s.stats.max,
                        "sd": s.stats.sd, "disagreement": s.disagreement, "agreed": s.agreed, "target": s.target,
                        "gap": s.gap, "split": s.split, "rationale": decision.rationale, "dissent": decision.dissent, "comments": comments,
                    })
                })
                .collect();
            json!({"id": a.id, "title": a.title, "mean": a.mean, "items_in_mean": a.items_in_mean, "items": items})
        })
        .collect();
    let value = json!({
        "org": v.organisation.name,
        "round": v.round.name,
        "date": v.round.date,
        "questionnaire": {"id": v.instrument.id, "version": v.instrument.version},
        "respondents": v.score.respondents,
        "min_group": v.groups.min_group,
        "overall": {
            "mean": v.score.overall,
            "items_in_mean": v.score.items_in_mean,
            "items": v.score.items_total,
            "split": v.score.split,
        },
        "areas": areas,
        "actions": v.actions,
        "follow_through": record,
        "spectrum": v.spectrum.as_ref().map(|s| &s.summary),
        "provenance": provenance,
    });
    serde_json::to_string_pretty(&value).expect("json values always serialise")
}

const COLUMNS: usize = 17;

/// One CSV cell. Only text is guarded against formula injection: a number such as a negative gap
/// is written as it is, so a spreadsheet reads `-0.50` as minus a half, not as the text `'-0.50`.
enum Field {
    Text(String),
    Number(String),
}

impl Field {
    fn text(s: impl Into<String>) -> Field {
        Field::Text(s.into())
    }

    fn into_cell(self) -> String {
        match self {
            Field::Text(t) => spreadsheet_text(&t).into_owned(),
            Field::Number(n) => n,
        }
    }
}

/// One row per item then one per action. `n` is what a row's figures rest on: an item's scored
/// answers, an area's (or the overall) items whose means are shown and so count in its mean. Text cells a spreadsheet would evaluate are escaped;
/// numbers are written plainly, empty where undefined. The file starts with a UTF-8 byte-order
/// mark and ends its lines with CRLF: Excel (on Windows above all, where boards open it) reads a
/// CSV without the mark in the machine's legacy code page and garbles "Siôn Ŵyn"; other readers
/// (csv, pandas' utf-8-sig, LibreOffice) skip the mark.
pub(crate) fn export_csv(v: &RoundView) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let num = |x: Option<f64>| Field::Number(x.map(|x| format!("{x:.2}")).unwrap_or_default());
    let int = |x: Option<i64>| Field::Number(x.map(|x| x.to_string()).unwrap_or_default());
    let count = |x: usize| Field::Number(x.to_string());
    let row = |w: &mut csv::Writer<Vec<u8>>, cells: Vec<Field>| {
        let mut safe: Vec<String> = cells.into_iter().map(Field::into_cell).collect();
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
        .map(Field::text)
        .into(),
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
                    Field::text("item"),
                    Field::text(&a.id),
                    Field::text(&s.id),
                    Field::text(&s.title),
                    count(s.stats.n),
                    count(s.dont_know),
                    num(s.stats.mean),
                    num(s.stats.median),
                    int(s.stats.min),
                    int(s.stats.max),
                    num(s.stats.sd),
                    Field::text(if s.disagreement { "yes" } else { "no" }),
                    int(s.agreed),
                    Field::text(d.rationale),
                    Field::text(d.dissent),
                    int(s.target),
                    num(s.gap),
                ],
            );
        }
        row(
            &mut w,
            vec![
                Field::text("area"),
                Field::text(&a.id),
                Field::text(""),
                Field::text(&a.title),
                count(a.items_in_mean),
                Field::text(""),
                num(a.mean),
            ],
        );
    }
    row(
        &mut w,
        vec![
            Field::text("overall"),
            Field::text(""),
            Field::text(""),
            Field::text("Overall"),
            count(v.score.items_in_mean),
            Field::text(""),
            num(v.score.overall),
        ],
    );
    for act in &v.actions {
        row(
            &mut w,
            vec![
                Field::text("action"),
                Field::text(""),
                Field::text(act.item_id.clone().unwrap_or_default()),
                Field::text(&act.text),
                Field::text(&act.owner),
                Field::text(act.due.clone().unwrap_or_default()),
                Field::text(act.status.as_str()),
            ],
        );
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("csv of strings is UTF-8")
}
