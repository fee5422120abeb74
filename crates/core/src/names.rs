//! How a member's name is written down and how two spellings are known to be one person.
//!
//! Boards type names in a hurry: "siân", "Siân " and "SIAN" are one member. A name is kept as its
//! display form (whitespace collapsed, NFC), and compared by its key: compatibility-decomposed,
//! accents (combining marks) set aside, full Unicode case folding (so "ß" matches "ss" and the
//! Turkish dotted capital folds as Unicode says), recomposed. The crates do the Unicode work;
//! nothing here lower-cases ASCII by hand.
//!
//! `display_name` gives the kept form and `name_key` the key: full case folding by the `caseless`
//! crate, decomposition and recomposition by `unicode-normalization`.

use caseless::Caseless;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The name as it is stored and shown: whitespace runs become one space, ends trimmed, NFC.
pub fn display_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

/// What two spellings of one member share: case- and accent-insensitive, whitespace-insensitive.
pub fn name_key(name: &str) -> String {
    let bare: String = display_name(name)
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect();
    bare.chars()
        .default_case_fold()
        .flat_map(plain_letter)
        .collect::<String>()
        .nfkc()
        .collect()
}

/// Latin letters whose accent Unicode does not decompose (the stroke of Ł, Ø, Đ …), written as
/// their plain letters, so "Lukasz" finds "Łukasz" as "Zoe" finds "Zoë". Only these: a general
/// transliterator would also make different names in other scripts collide.
fn plain_letter(c: char) -> Vec<char> {
    match c {
        'ł' | 'ƚ' => vec!['l'],
        'ø' => vec!['o'],
        'đ' | 'ð' => vec!['d'],
        'ħ' => vec!['h'],
        'ŧ' => vec!['t'],
        'ı' => vec!['i'],
        'æ' => vec!['a', 'e'],
        'œ' => vec!['o', 'e'],
        'þ' => vec!['t', 'h'],
        _ => vec![c],
    }
}

/// The names among `known` that `wanted` was probably meant to be, closest first (at most three):
/// for "no organisation called …" to offer what was meant rather than leave the user guessing.
/// Compared by their keys (case, accents and spacing aside), so a typo or a word left out finds
/// its name and a different name does not.
pub fn near_names<'a>(wanted: &str, known: &'a [String]) -> Vec<&'a str> {
    let key = name_key(wanted);
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .filter_map(|k| {
            let other = name_key(k);
            let score = if other.contains(&key) || key.contains(&other) {
                1.0
            } else {
                strsim::normalized_levenshtein(&key, &other)
            };
            (score >= 0.7 && !key.is_empty()).then_some((score, k.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// Whether two names are the same member.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_organisation_finds_the_names_it_was_meant_to_be() {
        let known = vec![
            "Riverside & Vale NHS Foundation Trust".to_string(),
            "Demo: Riverside & Vale NHS Foundation Trust".to_string(),
            "Northgate Community Trust".to_string(),
        ];
        assert_eq!(
            near_names("riverside and vale nhs foundation trust", &known),
            vec![
                "Riverside & Vale NHS Foundation Trust",
                "Demo: Riverside & Vale NHS Foundation Trust"
            ],
            "a typo in the middle finds both, the closer first"
        );
        assert_eq!(
            near_names("Northgate", &known),
            vec!["Northgate Community Trust"],
            "a word left out finds the name"
        );
        assert!(
            near_names("Lakeside Hospitals", &known).is_empty(),
            "a different name offers nothing"
        );
    }

    #[test]
    fn case_accent_and_spacing_variants_are_one_name() {
        for v in [
            "siân",
            "Siân",
            "SIAN",
            "  sian ",
            "Sia\u{0302}n",
            "ＳＩＡＮ",
        ] {
            assert_eq!(name_key(v), name_key("Siân"), "{v:?}");
        }
        assert!(same_name("Strauß", "STRAUSS"));
        assert!(same_name("Dr  Chidi   Okafor", "dr chidi okafor"));
        assert!(same_name("Zoë", "zoe"));
        assert!(same_name("Łukasz Nowak", "lukasz nowak"));
        assert!(same_name("Ingrid Ørsted", "INGRID ORSTED"));
        assert!(same_name("Æsa", "aesa"));
    }

    #[test]
    fn different_people_stay_apart() {
        assert!(!same_name("Sian", "Sean"));
        assert!(!same_name("Ann", "Anne"));
        assert!(!same_name("李明", "李鸣"));
    }

    #[test]
    fn the_display_form_keeps_the_spelling_given() {
        assert_eq!(display_name("  Sia\u{0302}n   Jones "), "Siân Jones");
        assert_eq!(display_name("SIAN"), "SIAN");
    }
}
