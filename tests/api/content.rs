//! Issue 28: the shipped questionnaires' own text. Every question, guidance line, level
//! description and reason is in this project's words, which here means no run of twelve or more
//! consecutive words shared with a source document (`../shared/seeds/`, next to the repository,
//! where it is present); every item that describes its own levels describes five, and no two of
//! them read the same. Words are compared after setting aside case and punctuation, so a
//! changed comma or capital does not hide a copied run.
//!
//! The instruments are read as the app reads them, from the catalogue compiled into the binary.

use std::collections::HashSet;
use std::path::PathBuf;

use govmat::Catalogue;
use govmat_core::Instrument;

/// The shortest shared run of words that counts as copied.
const RUN: usize = 12;

/// Lowercase words with punctuation set aside: apostrophes vanish ("trust's" → "trusts") and
/// any other character that is not a letter or digit separates words ("decision-making" →
/// "decision making"), so typography never hides or invents a match.
fn words(text: &str) -> Vec<String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2018}' | '\u{2019}'))
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().map(str::to_string).collect()
}

/// Every piece of text a member or a report reader sees, each with where it is in its file.
fn texts(i: &Instrument) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![
        ("title".into(), i.title.as_str()),
        ("summary".into(), i.summary.as_str()),
    ];
    out.extend(i.source.note.as_deref().map(|n| ("source note".into(), n)));
    out.extend(i.scale.note.as_deref().map(|n| ("scale note".into(), n)));
    for l in &i.scale.levels {
        out.push((format!("scale level {}", l.value), l.descriptor.as_str()));
    }
    for a in &i.areas {
        out.push((format!("area {} title", a.id), a.title.as_str()));
        out.extend(
            a.intro
                .as_deref()
                .map(|t| (format!("area {} intro", a.id), t)),
        );
        for it in &a.items {
            let at = |what: &str| format!("item {} {what}", it.id);
            out.push((at("title"), it.title.as_str()));
            out.push((at("question"), it.question.as_str()));
            out.extend(it.guidance.as_deref().map(|t| (at("guidance"), t)));
            out.extend(it.low.as_deref().map(|t| (at("low end"), t)));
            out.extend(it.high.as_deref().map(|t| (at("high end"), t)));
            for l in &it.levels {
                out.push((at(&format!("level {}", l.value)), l.descriptor.as_str()));
            }
        }
    }
    for ap in &i.approaches {
        let at = |what: &str| format!("approach {} {what}", ap.id);
        out.push((at("characteristics"), ap.characteristics.as_str()));
        out.push((at("application"), ap.application.as_str()));
        for (dim, reason) in &ap.reasons {
            out.push((at(&format!("reason for {dim}")), reason.as_str()));
        }
    }
    out
}

fn shipped() -> Vec<Instrument> {
    Catalogue::shipped()
        .entries()
        .iter()
        .map(|e| e.instrument.clone())
        .collect()
}

/// The source documents, each as its runs of `RUN` words; `None` where the folder is absent
/// (a checkout without the seeds). The folder's README describes the sources and is not one.
fn seed_runs() -> Option<Vec<(String, HashSet<Vec<String>>)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entries = std::fs::read_dir(&dir).ok()?;
    let mut seeds: Vec<(String, HashSet<Vec<String>>)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("{} is readable: {e}", p.display()));
            let w = words(&text);
            let runs = w.windows(RUN).map(<[String]>::to_vec).collect();
            (p.file_name().unwrap().to_string_lossy().into_owned(), runs)
        })
        .collect();
    seeds.sort_by(|a, b| a.0.cmp(&b.0));
    Some(seeds)
}

#[test]
fn no_shipped_text_shares_a_run_of_twelve_words_with_a_source_document() {
    let Some(seeds) = seed_runs() else {
        println!("skipped: ../shared/seeds is not next to this checkout, so there is nothing to compare with");
        return;
    };
    assert!(
        !seeds.is_empty(),
        "the seeds folder holds the source documents"
    );
    let mut copied = Vec::new();
    for i in shipped() {
        for (place, text) in texts(&i) {
            let w = words(text);
            let mut start = 0;
            while start + RUN <= w.len() {
                let hit = seeds
                    .iter()
                    .find(|(_, runs)| runs.contains(&w[start..start + RUN]));
                let Some((seed, runs)) = hit else {
                    start += 1;
                    continue;
                };
                // Extend the run as far as the same source keeps matching, to report it whole.
                let mut end = start + RUN;
                while end < w.len() && runs.contains(&w[end + 1 - RUN..=end]) {
                    end += 1;
                }
                copied.push(format!(
                    "{}.toml, {place}: {} words shared with {seed}: \"{}\"",
                    i.id,
                    end - start,
                    w[start..end].join(" ")
                ));
                start = end;
            }
        }
    }
    assert!(
        copied.is_empty(),
        "the questionnaires are in this project's own words, so no run of {RUN} or more words may \
         come from a source document; reword these:\n{}",
        copied.join("\n")
    );
}

#[test]
fn no_two_levels_of_one_item_read_the_same() {
    let mut repeated = Vec::new();
    for i in shipped() {
        for it in i.items() {
            for (n, a) in it.levels.iter().enumerate() {
                for b in &it.levels[n + 1..] {
                    if words(&a.descriptor) == words(&b.descriptor) {
                        repeated.push(format!(
                            "{}.toml, item {}: levels {} and {} both say \"{}\"",
                            i.id, it.id, a.value, b.value, a.descriptor
                        ));
                    }
                }
            }
        }
    }
    assert!(
        repeated.is_empty(),
        "each level of an item is a different state a board could show, so no two may read the \
         same (ignoring case and punctuation):\n{}",
        repeated.join("\n")
    );
}

#[test]
fn every_item_with_its_own_levels_describes_all_five() {
    let mut short = Vec::new();
    let mut described = 0;
    for i in shipped() {
        let scale: Vec<i64> = i.scale.levels.iter().map(|l| l.value).collect();
        for it in i.items().filter(|it| it.has_own_levels()) {
            described += 1;
            let own: Vec<i64> = it.levels.iter().map(|l| l.value).collect();
            if own.len() != 5 || own != scale {
                short.push(format!(
                    "{}.toml, item {}: levels {own:?} against the scale's {scale:?}",
                    i.id, it.id
                ));
            }
        }
    }
    assert!(
        short.is_empty(),
        "an item that describes its levels describes each of the five, so the ladder from 0 to 4 \
         has no gap:\n{}",
        short.join("\n")
    );
    assert_eq!(
        described, 80,
        "the four maturity files' 27 + 14 + 14 + 25 items all describe their own levels"
    );
}

#[test]
fn every_revised_instrument_declares_all_its_earlier_versions_comparable() {
    for i in shipped() {
        let earlier: Vec<u32> = (1..i.version).collect();
        assert_eq!(
            i.comparable_with, earlier,
            "{}.toml is version {}: declaring every earlier version comparable keeps a board's \
             trend unbroken across each revision of the wording",
            i.id, i.version
        );
    }
}
