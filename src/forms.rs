//! What a company secretary needs to build the questionnaire in Microsoft or Google Forms: the
//! questions in order with their options, one per line to paste into "Add options", and a CSV
//! whose headers the import maps without help (so the template round-trips through import).

use serde::Serialize;

use crate::error::Result;
use crate::Govmat;

/// The role question every template starts with; its options are spellings the import reads.
pub const ROLE_QUESTION: &str = "What is your role on the board?";
const ROLE_OPTIONS: [&str; 4] = [
    "Chair",
    "Non-executive director",
    "Executive director",
    "Other",
];
const DONT_KNOW: &str = "Don't know";

#[derive(Debug, Clone, Serialize)]
pub struct FormsTemplate {
    /// Plain text: each question, then its options one per line.
    pub guide: String,
    /// The header row (and nothing else) of a CSV the import maps column by column.
    pub csv: String,
    /// Each question's header in the CSV, in order, with its options as they should be typed.
    pub questions: Vec<(String, Vec<String>)>,
}

impl Govmat {
    /// The template for the questionnaire a round is scored on (the app's Collect step).
    pub fn round_forms_template(&self, round_id: i64) -> Result<FormsTemplate> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        self.forms_template(&round.instrument_id)
    }

    pub fn forms_template(&self, questionnaire: &str) -> Result<FormsTemplate> {
        self.unlocked()?;
        let i = &self.catalogue.require(questionnaire)?.instrument;
        let mut questions = vec![(
            ROLE_QUESTION.to_string(),
            ROLE_OPTIONS.iter().map(|s| s.to_string()).collect(),
        )];
        for item in i.items() {
            // The question text is the header unless another item asks the same question, when
            // the short name tells them apart.
            let same = i.items().filter(|o| o.question == item.question).count();
            let header = if same == 1 {
                item.question.clone()
            } else {
                item.title.clone()
            };
            let mut options: Vec<String> = item
                .levels_or_scale(&i.scale)
                .iter()
                .map(|l| {
                    format!(
                        "{} — {}",
                        l.value,
                        i.scale.level(l.value).map_or(&l.label, |s| &s.label)
                    )
                })
                .collect();
            options.push(DONT_KNOW.to_string());
            questions.push((header, options));
        }
        let mut guide = format!(
            "{} (v{}) — questions for Microsoft Forms or Google Forms\n\nMake each question a \"Choice\" question (one answer), in this order. Paste its options, one per line, into \"Add options\" (Microsoft Forms: \"Add option\" then paste; Google Forms: paste into the first option). Add \"Name\" and \"Email\" if the form does not record them.\n",
            i.title, i.version
        );
        let levels = |item: &govmat_core::Item| -> String {
            item.levels_or_scale(&i.scale)
                .iter()
                .map(|l| format!("      {} {}: {}\n", l.value, l.label, l.descriptor))
                .collect()
        };
        for (n, (q, opts)) in questions.iter().enumerate() {
            guide.push_str(&format!("\n{}. {q}\n", n + 1));
            if n > 0 {
                if let Some(item) = i.items().nth(n - 1) {
                    guide.push_str("    (what each level means, for the question's subtitle)\n");
                    guide.push_str(&levels(item));
                }
            }
            for o in opts {
                guide.push_str(o);
                guide.push('\n');
            }
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["Name".to_string(), "Email".to_string()];
        header.extend(questions.iter().map(|q| q.0.clone()));
        w.write_record(&header)
            .map_err(|e| crate::Error::Io(e.to_string()))?;
        let csv = String::from_utf8(
            w.into_inner()
                .map_err(|e| crate::Error::Io(e.to_string()))?,
        )
        .map_err(|e| crate::Error::Io(e.to_string()))?;
        Ok(FormsTemplate {
            guide,
            csv,
            questions,
        })
    }
}
