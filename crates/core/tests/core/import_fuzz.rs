//! Issue 13: the importers and the questionnaire parser fed arbitrary and mutated input. Each
//! must return a clean result or problems that name where they are, never panic or hang. The
//! case counts are bounded so the whole file runs in a few seconds.

use govmat_core::{
    parse_decisions, parse_instrument, parse_map, parse_table, read_csv, Instrument, ParseOptions,
};
use proptest::prelude::*;

const CHECKLIST: &str = include_str!("../../../../questionnaires/collaboration-checklist.toml");

fn checklist() -> Instrument {
    parse_instrument("checklist.toml", CHECKLIST).expect("the shipped checklist is valid")
}

/// A Forms-like CSV with its bytes mutated at a few places.
fn mutated_csv() -> impl Strategy<Value = Vec<u8>> {
    let base = "ID,Name,What is your role on the board?,1. Skills and capacity,Comments,Training (2)\n1,\"Nowak, Łukasz\",Chair,3 — Established,\"a\nb\",Developing\n2,Siôn,NED,?,,4\n".as_bytes().to_vec();
    proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8).prop_map(move |edits| {
        let mut b = base.clone();
        for (at, byte) in edits {
            let i = at % (b.len() + 1);
            if byte % 3 == 0 && i < b.len() {
                b.remove(i);
            } else {
                b.insert(i, byte);
            }
        }
        b
    })
}

fn check_located(problems: &[govmat_core::ImportProblem]) {
    for p in problems {
        assert!(p.row >= 1, "every problem names its row: {p}");
        assert!(!p.message.is_empty(), "and says what is wrong: {p}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_table_import(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let i = checklist();
        let parsed = parse_table("f.csv", &read_csv(&bytes), &i, None, ParseOptions::default());
        check_located(&parsed.problems);
    }

    #[test]
    fn mutated_forms_exports_are_imported_or_refused_with_located_problems(bytes in mutated_csv()) {
        let i = checklist();
        let parsed = parse_table("f.csv", &read_csv(&bytes), &i, None, ParseOptions { saved: None, anonymise: true, identity_key: &[7; 32] });
        check_located(&parsed.problems);
        if parsed.problems.is_empty() {
            prop_assert!(!parsed.ballots.is_empty(), "a clean file has rows");
        }
    }

    #[test]
    fn arbitrary_mapping_files_never_panic(text in "\\PC{0,200}") {
        let i = checklist();
        if let Err(ps) = parse_map("m.toml", &format!("[columns]\n{text}"), &i) {
            check_located(&ps);
        }
    }

    #[test]
    fn arbitrary_decisions_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let i = checklist();
        let mut input = b"item,agreed,target,rationale,dissent\n".to_vec();
        input.extend(bytes);
        if let Err(ps) = parse_decisions("d.csv", &read_csv(&input), &i) {
            check_located(&ps);
        }
    }

    #[test]
    fn a_mutated_questionnaire_is_valid_or_refused_with_line_and_column(
        at in 0usize..CHECKLIST.len(), cut in 0usize..40, insert in "\\PC{0,12}"
    ) {
        let mut text = CHECKLIST.to_string();
        let start = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + cut).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(start..end, &insert);
        if let Err(d) = parse_instrument("q.toml", &text) {
            prop_assert!(!d.0.is_empty(), "a refusal lists at least one problem");
        }
    }
}
