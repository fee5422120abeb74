//! Reading one cell of a Forms export: an option the member chose, or their role.
//!
//! Forms write the option's text as the form's author typed it, so a cell may hold the level's
//! value (`3`), its label (`Established`), both (`3 — Established`, `3. Established`) or the label
//! followed by the level's description (`Established: the board has …`). Each is accepted only when
//! it names one level without contradiction.

use crate::answer::{Answer, Role};
use crate::model::{Item, Scale};

/// Reads one answer cell for `item`; `None` when it names no level (the caller reports it).
pub fn parse_option(text: &str, item: &Item, scale: &Scale) -> Option<Answer> {
    let t = text.trim();
    if let Some(a) = dont_know_or_plain(t, scale) {
        return Some(a);
    }
    let levels = item.levels_or_scale(scale);
    // "3 — Established", "3. Established", "3: …", "(3) …": a value, then text that must agree.
    let digits: String = t
        .trim_start_matches('(')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if !digits.is_empty() && digits.len() < 4 {
        let value: i64 = digits.parse().ok()?;
        let rest = t.trim_start_matches('(')[digits.len()..]
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim();
        let level = scale.level(value)?;
        if rest.is_empty() {
            return Some(Answer::Level(value));
        }
        let own = levels.iter().find(|l| l.value == value);
        let agrees = starts_with_word(rest, &level.label)
            || own.is_some_and(|l| fold(rest) == fold(&l.descriptor));
        return agrees.then_some(Answer::Level(value));
    }
    // A label followed by its description: the longest label that starts the cell as a word.
    let mut best: Option<(usize, i64)> = None;
    for l in levels {
        if starts_with_word(t, &l.label) && best.is_none_or(|(len, _)| l.label.len() > len) {
            best = Some((l.label.len(), l.value));
        }
    }
    if let Some((_, v)) = best {
        return Some(Answer::Level(v));
    }
    // The description alone, as an author who pasted only the descriptions would have it.
    let folded = fold(t);
    levels
        .iter()
        .find(|l| !l.descriptor.is_empty() && fold(&l.descriptor) == folded)
        .map(|l| Answer::Level(l.value))
}

/// Empty, don't know, or a bare value or label.
fn dont_know_or_plain(t: &str, scale: &Scale) -> Option<Answer> {
    if t.is_empty() {
        return Some(Answer::Unanswered);
    }
    let f = fold(t);
    let dont_know = [
        "?",
        "dont know",
        "do not know",
        "not sure",
        "dont know not sure",
        "unsure",
        "n a",
        "dont know ?",
    ];
    if t == "?" || dont_know.contains(&f.as_str()) || f.starts_with("dont know") {
        return Some(Answer::DontKnow);
    }
    scale.parse_level(t).map(Answer::Level)
}

/// Whether `text` begins with `word` (ignoring case) followed by the end or a non-letter.
fn starts_with_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.to_lowercase(), word.to_lowercase());
    if w.is_empty() {
        return false;
    }
    match t.strip_prefix(&w) {
        Some(rest) => rest.chars().next().is_none_or(|c| !c.is_alphanumeric()),
        None => false,
    }
}

/// Lower case, apostrophes dropped, every other run of non-alphanumerics one space.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            continue;
        }
        if c.is_alphanumeric() || c == '?' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// A role as members describe it on a form: the CLI's spellings, and phrases such as
/// "Non-executive director", "Chair of the board" or "Executive (CEO, CFO …)".
pub fn parse_role(text: &str) -> Option<Role> {
    if let Some(r) = Role::parse(text) {
        return Some(r);
    }
    let f = fold(text);
    let words: Vec<&str> = f.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    if f.is_empty() {
        None
    } else if f.contains("non exec")
        || f.contains("nonexec")
        || has("ned")
        || has("vice")
        || f.contains("independent")
    {
        Some(Role::NonExecutive)
    } else if has("chair") || has("chairman") || has("chairwoman") || has("chairperson") {
        Some(Role::Chair)
    } else if has("executive") || has("exec") || has("chief") || has("ceo") || has("cfo") {
        Some(Role::Executive)
    } else if has("other")
        || has("secretary")
        || has("observer")
        || has("associate")
        || has("governor")
        || has("participant")
    {
        Some(Role::Other)
    } else {
        None
    }
}
