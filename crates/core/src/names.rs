//! How a member's name is written down and how two spellings are known to be one person.
//!
//! Boards type names in a hurry: "siân", "Siân " and "SIAN" are one member. A name is kept as its
//! display form (whitespace collapsed, NFC), and compared by its key: compatibility-decomposed,
//! accents (combining marks) set aside, full Unicode case folding (so "ß" matches "ss" and the
//! Turkish dotted capital folds as Unicode says), recomposed. The crates do the Unicode work;
//! nothing here lower-cases ASCII by hand.

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

/// Whether two names are the same member.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

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
