//! Validation of questionnaire files: every problem, at once, as `file:line:col: message`; and the
//! shipped files hold exactly what the seed documents hold.
//!
//! Each bad-input case is a whole file written inline (so its line numbers can be read off the
//! page) and goes through [`check`]: the expected problems, in order, each with line, column and a
//! fragment of the message.

use std::path::PathBuf;

use govmat_core::{parse_instrument, Instrument, Kind};

/// Line 1 of every inline file is the line after `r#"`; the valid base is 26 lines long.
const VALID: &str = r#"id = "v"
version = 1
title = "V"
kind = "maturity"

[source]
document = "D"
publisher = "P"
date = "2024"

[[scale.levels]]
value = 0
label = "No"
descriptor = "Not yet."
[[scale.levels]]
value = 1
label = "Yes"
descriptor = "Done."

[[areas]]
id = "a"
title = "A"
[[areas.items]]
id = "a1"
title = "A1"
question = "Q?"
"#;

/// Parses `text` as `case.toml` and checks it fails with exactly `expected` problems, in order.
#[track_caller]
fn check(text: &str, expected: &[(usize, usize, &str)]) {
    let diags = match parse_instrument("case.toml", text) {
        Ok(i) => panic!("the file should be refused, but it parsed as {}", i.id),
        Err(d) => d.0,
    };
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        diags.len(),
        expected.len(),
        "every problem is reported, and nothing else; got:\n{}",
        shown.join("\n")
    );
    for ((d, text), (line, col, fragment)) in diags.iter().zip(&shown).zip(expected) {
        let prefix = format!("case.toml:{line}:{col}: ");
        assert!(
            text.starts_with(&prefix),
            "a problem is pinned to file:line:col; expected `{prefix}…`, got `{text}`"
        );
        assert!(
            d.message.contains(fragment),
            "the message says what is wrong: expected it to mention `{fragment}`, got `{}`",
            d.message
        );
    }
}

#[test]
fn the_valid_base_used_by_these_cases_is_accepted() {
    let i = parse_instrument("case.toml", VALID).expect("the base file is valid");
    assert_eq!(
        (i.areas.len(), i.item_count()),
        (1, 1),
        "one area with one item"
    );
}

#[test]
fn a_duplicate_item_id_is_reported_where_it_is_repeated() {
    let text = format!(
        "{VALID}[[areas]]\nid = \"b\"\ntitle = \"B\"\n[[areas.items]]\nid = \"a1\"\ntitle = \"Again\"\nquestion = \"Q?\"\n"
    );
    check(&text, &[(31, 6, "duplicate item id `a1`")]);
}

#[test]
fn a_duplicate_area_id_is_reported_where_it_is_repeated() {
    let text = format!(
        "{VALID}[[areas]]\nid = \"a\"\ntitle = \"Again\"\n[[areas.items]]\nid = \"a2\"\ntitle = \"A2\"\nquestion = \"Q?\"\n"
    );
    check(&text, &[(28, 6, "duplicate area id `a`")]);
}

#[test]
fn an_area_without_items_is_reported_at_the_area() {
    let text = format!("{VALID}\n[[areas]]\nid = \"b\"\ntitle = \"Nothing here\"\n");
    check(&text, &[(28, 1, "area `b` is empty")]);
}

#[test]
fn a_file_without_a_source_is_reported_at_its_start() {
    let text = VALID.replace(
        "[source]\ndocument = \"D\"\npublisher = \"P\"\ndate = \"2024\"\n",
        "",
    );
    check(&text, &[(1, 1, "missing table `[source]`")]);
}

#[test]
fn a_source_missing_a_field_is_reported_at_the_source_table() {
    let text = VALID.replace("publisher = \"P\"\n", "");
    check(&text, &[(6, 1, "missing field `source.publisher`")]);
}

#[test]
fn broken_toml_syntax_is_reported_where_the_parser_stopped() {
    let text = VALID.replace("title = \"V\"", "title = \"V");
    check(&text, &[(3, 11, "invalid TOML")]);
    let text = VALID.replace("value = 1\n", "value = = 1\n");
    check(&text, &[(16, 9, "invalid TOML")]);
}

#[test]
fn an_unknown_field_is_reported_at_its_key_with_the_fields_allowed() {
    check(
        &VALID.replace(
            "kind = \"maturity\"\n",
            "kind = \"maturity\"\ncolour = \"red\"\n",
        ),
        &[(5, 1, "unknown field `colour`; expected one of: id, version")],
    );
    check(
        &format!("{VALID}guidence = \"typo\"\n"),
        &[(27, 1, "unknown field `areas.items.guidence`")],
    );
}

#[test]
fn a_maturity_answer_level_must_not_reuse_a_reserved_or_repeated_label() {
    check(
        &VALID.replace("label = \"Yes\"", "label = \"?\""),
        &[(17, 9, "reserved")],
    );
    check(
        &VALID.replace("label = \"Yes\"", "label = \"no\""),
        &[(17, 9, "duplicate level label")],
    );
}

// ---- an item's own level descriptions --------------------------------------------------------

/// Describes the base's one item at both levels of its scale; lines 27–32 of the whole file.
const LEVELS: &str = r#"[[areas.items.levels]]
value = 0
descriptor = "Nobody has asked the question yet."
[[areas.items.levels]]
value = 1
descriptor = "The question is asked and answered at every meeting."
"#;

#[test]
fn an_item_that_describes_every_level_gets_its_own_descriptions_with_the_scales_labels() {
    let i = parse_instrument("case.toml", &format!("{VALID}{LEVELS}"))
        .expect("an item describing both levels is valid");
    let item = i.item("a1").unwrap();
    let own: Vec<(i64, &str, &str)> = item
        .levels_or_scale(&i.scale)
        .iter()
        .map(|l| (l.value, l.label.as_str(), l.descriptor.as_str()))
        .collect();
    assert_eq!(
        own,
        vec![
            (0, "No", "Nobody has asked the question yet."),
            (
                1,
                "Yes",
                "The question is asked and answered at every meeting."
            )
        ],
        "the item's own words, under the scale's labels, in scale order"
    );
    assert_eq!(
        item.level_or_scale(1, &i.scale)
            .map(|l| l.descriptor.as_str()),
        Some("The question is asked and answered at every meeting."),
        "one level looked up by value gives the item's description"
    );
    assert!(
        item.level_or_scale(2, &i.scale).is_none(),
        "a value off the scale has no description"
    );
}

#[test]
fn levels_written_in_any_order_come_back_in_scale_order() {
    let swapped = "[[areas.items.levels]]\nvalue = 1\ndescriptor = \"Top.\"\n[[areas.items.levels]]\nvalue = 0\ndescriptor = \"Bottom.\"\n";
    let i = parse_instrument("case.toml", &format!("{VALID}{swapped}")).unwrap();
    let values: Vec<i64> = i
        .item("a1")
        .unwrap()
        .levels
        .iter()
        .map(|l| l.value)
        .collect();
    assert_eq!(values, vec![0, 1], "ascending, as the scale is");
}

#[test]
fn an_item_without_levels_falls_back_to_the_scales_descriptors() {
    let i = parse_instrument("case.toml", VALID).unwrap();
    let item = i.item("a1").unwrap();
    assert!(!item.has_own_levels(), "the base item describes no levels");
    assert_eq!(
        item.level_or_scale(0, &i.scale)
            .map(|l| l.descriptor.as_str()),
        Some("Not yet."),
        "the generic scale speaks for an item that says nothing itself"
    );
}

#[test]
fn an_item_missing_a_level_is_reported_at_the_item() {
    let text = format!(
        "{VALID}{}",
        &LEVELS[..LEVELS.find("[[areas.items.levels]]\nvalue = 1").unwrap()]
    );
    check(
        &text,
        &[(23, 1, "item `a1` has no description for level 1 (\"Yes\")")],
    );
}

#[test]
fn an_item_describing_a_level_twice_is_reported_at_the_repeat() {
    let text = format!("{VALID}{}", LEVELS.replace("value = 1", "value = 0"));
    check(
        &text,
        &[
            (23, 1, "no description for level 1"),
            (31, 9, "item `a1` describes level 0 more than once"),
        ],
    );
}

#[test]
fn an_item_describing_a_value_off_the_scale_is_reported_at_the_value() {
    let text = format!("{VALID}{}", LEVELS.replace("value = 1", "value = 7"));
    check(
        &text,
        &[
            (23, 1, "no description for level 1"),
            (
                31,
                9,
                "item `a1` describes level 7, which is not on the scale (0, 1)",
            ),
        ],
    );
}

#[test]
fn level_fields_of_the_wrong_type_are_reported_at_the_value_without_a_misleading_missing_level() {
    check(
        &format!("{VALID}{}", LEVELS.replace("value = 1", "value = \"one\"")),
        &[(
            31,
            9,
            "`areas.items.levels.value` must be an integer, found string",
        )],
    );
    check(
        &format!(
            "{VALID}{}",
            LEVELS.replace(
                "descriptor = \"Nobody has asked the question yet.\"",
                "descriptor = 5"
            )
        ),
        &[(
            29,
            14,
            "`areas.items.levels.descriptor` must be a string, found integer",
        )],
    );
    check(
        &format!("{VALID}levels = \"all fine\"\n"),
        &[(
            27,
            10,
            "must be written as `[[areas.items.levels]]` tables, found string",
        )],
    );
    check(
        &format!(
            "{VALID}{}",
            LEVELS.replace("value = 0\n", "value = 0\nlabel = \"Mine\"\n")
        ),
        &[(
            29,
            1,
            "unknown field `areas.items.levels.label`; expected one of: value, descriptor",
        )],
    );
}

#[test]
fn every_problem_with_levels_across_items_is_reported_at_once_in_order() {
    let second = "[[areas.items]]\nid = \"a2\"\ntitle = \"A2\"\nquestion = \"Q2?\"\n[[areas.items.levels]]\nvalue = 3\ndescriptor = \"Off.\"\n";
    let text = format!(
        "{VALID}{}{second}",
        LEVELS.replace("value = 1", "value = 0")
    );
    check(
        &text,
        &[
            (23, 1, "item `a1` has no description for level 1"),
            (31, 9, "item `a1` describes level 0 more than once"),
            (33, 1, "item `a2` has no description for level 0"),
            (33, 1, "item `a2` has no description for level 1"),
            (
                38,
                9,
                "item `a2` describes level 3, which is not on the scale",
            ),
        ],
    );
}

#[test]
fn levels_on_a_spectrum_dimension_are_refused() {
    let text = SPECTRUM.replace(
        "high = \"Much.\"\n",
        "high = \"Much.\"\n[[areas.items.levels]]\nvalue = 1\ndescriptor = \"Low.\"\n",
    );
    let diags = parse_instrument("case.toml", &text).expect_err("levels do not belong here");
    assert!(
        diags.0.len() == 1
            && diags.0[0]
                .message
                .contains("`levels` belong to maturity items"),
        "one problem, saying where levels belong: {diags}"
    );
}

// ---- where a source's details come from ------------------------------------------------------

#[test]
fn a_source_says_which_of_its_details_come_from_a_listing_or_an_inference() {
    let text = VALID.replace(
        "date = \"2024\"\n",
        "date = \"2024\"\nfrom_listing = [\"document\", \"publisher\"]\ninferred = [\"date\"]\n",
    );
    let i = parse_instrument("case.toml", &text).expect("a source with provenance is valid");
    assert_eq!(
        i.source.citation(),
        "D, P, 2024 (title and publisher as given in its public listing, not in the text itself; date inferred by this project)",
        "the citation says where each detail came from"
    );
    let plain = parse_instrument("case.toml", VALID).unwrap();
    assert_eq!(
        plain.source.citation(),
        "D, P, 2024",
        "nothing to add when all is in the text"
    );
}

#[test]
fn a_source_provenance_list_names_only_its_own_fields() {
    check(
        &VALID.replace(
            "date = \"2024\"\n",
            "date = \"2024\"\nfrom_listing = [\"date\", \"url\"]\ninferred = [\"date\"]\n",
        ),
        &[
            (
                10,
                25,
                "`source.from_listing` entries must be one of: document, publisher, date",
            ),
            (
                11,
                12,
                "`source.date` cannot come both from the listing and from inference",
            ),
        ],
    );
}

const SPECTRUM: &str = r#"id = "s"
version = 1
title = "S"
kind = "spectrum"

[source]
document = "D"
publisher = "P"
date = "2022-05"

[[scale.levels]]
value = 1
label = "Low"
descriptor = "Low."
[[scale.levels]]
value = 5
label = "High"
descriptor = "High."

[[areas]]
id = "dims"
title = "Dimensions"
[[areas.items]]
id = "x"
title = "X"
question = "How much x?"
low = "Little."
high = "Much."

[[approaches]]
id = "one"
title = "One"
characteristics = "C."
application = "A."
profile = { x = 1 }
"#;

#[test]
fn a_spectrum_profile_value_off_the_scale_is_reported_at_the_value() {
    parse_instrument("case.toml", SPECTRUM).expect("the spectrum base is valid");
    check(
        &SPECTRUM.replace("profile = { x = 1 }", "profile = { x = 3 }"),
        &[(35, 17, "profile value for `x` is not on the scale (1–5)")],
    );
}

#[test]
fn a_spectrum_profile_naming_an_unknown_dimension_is_reported_at_the_key() {
    check(
        &SPECTRUM.replace("profile = { x = 1 }", "profile = { x = 1, z = 5 }"),
        &[(35, 20, "unknown dimension `z`")],
    );
}

#[test]
fn spectrum_reasons_give_one_line_per_dimension_and_name_no_other() {
    let with = |reasons: &str| format!("{SPECTRUM}[approaches.reasons]\n{reasons}");
    let i = parse_instrument(
        "case.toml",
        &with("x = \"Because the briefing says so.\"\n"),
    )
    .expect("one reason for the one dimension is valid");
    assert_eq!(
        i.approaches[0].reasons,
        vec![("x".to_string(), "Because the briefing says so.".to_string())],
        "the reason is kept against its dimension"
    );
    check(
        &with("y = \"Wrong dimension.\"\n"),
        &[
            (36, 1, "reasons give no line for dimension `x`"),
            (37, 1, "reasons name unknown dimension `y`"),
        ],
    );
    check(
        &with("x = 3\n"),
        &[(37, 5, "the reason for `x` must be a non-empty string")],
    );
}

#[test]
fn a_file_with_several_problems_reports_all_of_them_at_once_in_order() {
    let text = r#"id = "Bad Id"
version = 0
title = "Several"
kind = "maturity"
colour = "red"

[[scale.levels]]
value = 1
label = "One"
descriptor = "First."
[[scale.levels]]
value = 1
label = "one"
descriptor = "Again."

[[areas]]
id = "a"
title = "A"
[[areas.items]]
id = "a1"
title = "A1"
question = "Q?"
[[areas.items]]
id = "a1"
title = "A1 again"

[[areas]]
id = "a"
title = "Empty"
"#;
    check(
        text,
        &[
            (1, 1, "missing table `[source]`"),
            (1, 6, "id `Bad Id` must be lowercase"),
            (2, 11, "version must be a whole number of at least 1"),
            (5, 1, "unknown field `colour`"),
            (12, 9, "level values must ascend"),
            (13, 9, "duplicate level label"),
            (23, 1, "missing field `areas.items.question`"),
            (24, 6, "duplicate item id `a1`"),
            (27, 1, "area `a` is empty"),
            (28, 6, "duplicate area id `a`"),
        ],
    );
}

// ---- the shipped files ------------------------------------------------------------------------

fn shipped_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../questionnaires")
}

fn shipped(name: &str) -> Instrument {
    let path = shipped_dir().join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    parse_instrument(&path.display().to_string(), &text)
        .unwrap_or_else(|d| panic!("the shipped file {name} is valid, but:\n{d}"))
}

fn item_counts(i: &Instrument) -> Vec<usize> {
    i.areas.iter().map(|a| a.items.len()).collect()
}

#[test]
fn every_shipped_questionnaire_file_is_valid() {
    let mut names: Vec<String> = std::fs::read_dir(shipped_dir())
        .expect("the questionnaires folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "case-study-lessons",
            "collaboration-checklist",
            "governance-spectrum",
            "navigating-governance",
            "system-working-principles"
        ],
        "the five instruments the app ships"
    );
    for name in &names {
        let i = shipped(name);
        assert_eq!(&i.id, name, "a file is named after its instrument id");
        assert!(i.version >= 1, "{name}: versions start at 1");
    }
}

#[test]
fn the_collaboration_checklist_has_the_seeds_six_areas_and_27_questions() {
    let i = shipped("collaboration-checklist");
    assert_eq!(i.kind, Kind::Maturity, "the checklist is scored");
    assert_eq!(
        item_counts(&i),
        vec![3, 6, 5, 4, 3, 6],
        "the GGI checklist's areas hold 3, 6, 5, 4, 3 and 6 questions"
    );
    assert_eq!(i.item_count(), 27, "27 questions in all");
    let titles: Vec<&str> = i.items().map(|it| it.title.as_str()).collect();
    for short in [
        "Skills and capacity",
        "Training",
        "Organisational development",
        "Scope",
    ] {
        assert!(
            titles.contains(&short),
            "items keep the source's short name \"{short}\"; titles are {titles:?}"
        );
    }
    let values: Vec<i64> = i.scale.levels.iter().map(|l| l.value).collect();
    assert_eq!(
        values,
        vec![0, 1, 2, 3, 4],
        "a five-level maturity scale from 0 (not yet started) to 4 (exemplar)"
    );
}

#[test]
fn the_governance_spectrum_has_five_dimensions_and_eight_approaches() {
    let i = shipped("governance-spectrum");
    assert_eq!(
        i.kind,
        Kind::Spectrum,
        "the spectrum is a position, not a score"
    );
    assert_eq!(i.item_count(), 5, "five dimensions");
    let dims: Vec<&str> = i.items().map(|d| d.id.as_str()).collect();
    assert_eq!(i.approaches.len(), 8, "eight observed approaches");
    for a in &i.approaches {
        let profile: Vec<&str> = a.profile.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(
            profile, dims,
            "approach {} has one indicative position per dimension, in order",
            a.id
        );
    }
    for d in i.items() {
        assert!(
            d.low.is_some() && d.high.is_some(),
            "dimension {} describes both of its ends",
            d.id
        );
    }
    let values: Vec<i64> = i.scale.levels.iter().map(|l| l.value).collect();
    assert_eq!(values, vec![1, 2, 3, 4, 5], "positions run 1–5");
}

#[test]
fn the_system_working_principles_have_ten_principles_and_four_points() {
    let i = shipped("system-working-principles");
    assert_eq!(i.kind, Kind::Maturity, "the principles are maturity-scored");
    assert_eq!(
        item_counts(&i),
        vec![10, 4],
        "10 principles for system working and 4 points to remember"
    );
}

fn maturity_files() -> Vec<Instrument> {
    [
        "collaboration-checklist",
        "system-working-principles",
        "navigating-governance",
        "case-study-lessons",
    ]
    .into_iter()
    .map(shipped)
    .collect()
}

#[test]
fn every_shipped_maturity_item_describes_every_level_of_its_scale() {
    for i in maturity_files() {
        assert_eq!(i.kind, Kind::Maturity, "{} is scored", i.id);
        let scale: Vec<(i64, &str)> = i
            .scale
            .levels
            .iter()
            .map(|l| (l.value, l.label.as_str()))
            .collect();
        for item in i.items() {
            let own: Vec<(i64, &str)> = item
                .levels
                .iter()
                .map(|l| (l.value, l.label.as_str()))
                .collect();
            assert_eq!(
                own, scale,
                "{}/{} describes each level of the scale once, in order, under the scale's label",
                i.id, item.id
            );
            let mut texts: Vec<&str> = item.levels.iter().map(|l| l.descriptor.as_str()).collect();
            texts.sort_unstable();
            texts.dedup();
            assert_eq!(
                texts.len(),
                scale.len(),
                "{}/{}: no two levels of one item read the same",
                i.id,
                item.id
            );
            for l in &item.levels {
                let generic = &i.scale.level(l.value).unwrap().descriptor;
                assert_ne!(
                    &l.descriptor, generic,
                    "{}/{} level {} is the item's own description, not the generic one",
                    i.id, item.id, l.value
                );
            }
        }
    }
}

#[test]
fn no_two_shipped_items_share_the_same_set_of_level_descriptions() {
    let mut seen: std::collections::HashMap<Vec<String>, String> = Default::default();
    for i in maturity_files() {
        for item in i.items() {
            let set: Vec<String> = item.levels.iter().map(|l| l.descriptor.clone()).collect();
            let here = format!("{}/{}", i.id, item.id);
            if let Some(other) = seen.insert(set, here.clone()) {
                panic!("{here} and {other} share one set of level descriptions");
            }
        }
    }
    assert!(
        seen.len() > 27,
        "every item of every maturity file was compared"
    );
}

#[test]
fn no_level_description_is_repeated_anywhere_in_one_file() {
    for i in maturity_files() {
        let mut seen = std::collections::HashSet::new();
        for item in i.items() {
            for l in &item.levels {
                assert!(
                    seen.insert(l.descriptor.as_str()),
                    "{}: \"{}\" appears more than once; each cell of the matrix says something of its own",
                    i.id,
                    l.descriptor
                );
            }
        }
    }
}

#[test]
fn the_revised_instruments_declare_their_predecessor_comparable() {
    for name in [
        "collaboration-checklist",
        "system-working-principles",
        "navigating-governance",
        "governance-spectrum",
    ] {
        let i = shipped(name);
        assert_eq!(
            (i.version, i.comparable_with.clone()),
            (3, vec![1, 2]),
            "{name} is version 3 (issue 28) and declares versions 1 and 2 comparable, so trends do not break"
        );
    }
}

#[test]
fn the_case_study_lessons_cover_the_four_case_studies() {
    let i = shipped("case-study-lessons");
    let areas: Vec<&str> = i.areas.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        areas,
        vec![
            "relationships",
            "aligned-boards",
            "engagement",
            "non-executives"
        ],
        "Dorset, North Cumbria, West Yorkshire and Harrogate, and the large systems"
    );
    assert_eq!(
        item_counts(&i),
        vec![8, 6, 9, 2],
        "Dorset's eight learnings, six North Cumbria considerations, nine engagement principles, two large-system lessons"
    );
    for a in &i.areas {
        assert!(
            a.intro.as_deref().is_some_and(|t| t.contains("section")),
            "area {} cites the source section it comes from",
            a.id
        );
    }
}

#[test]
fn navigating_governance_adds_the_geography_and_delivery_monitoring_barriers() {
    let i = shipped("navigating-governance");
    assert!(
        i.item("geography").is_some() && i.item("delivery-monitoring").is_some(),
        "the two barriers version 1 lacked are items now"
    );
    assert_eq!(
        item_counts(&i),
        vec![3, 2, 3, 4, 2],
        "v1's twelve items keep their areas; the fifth area holds the two new ones"
    );
}

#[test]
fn sources_not_in_the_seed_text_say_they_come_from_the_public_listing() {
    let principles = shipped("system-working-principles");
    let lessons = shipped("case-study-lessons");
    for i in [&principles, &lessons] {
        assert_eq!(
            i.source.document, "Collaborative working: tackling governance challenges in practice",
            "{}: one title for the NHS Providers case-study publication",
            i.id
        );
        assert!(
            i.source
                .citation()
                .contains("title and date as given in its public listing"),
            "{}: the citation says the title and date are from the listing: {}",
            i.id,
            i.source.citation()
        );
    }
    let spectrum = shipped("governance-spectrum");
    assert!(
        spectrum
            .source
            .citation()
            .contains("publisher as given in its public listing"),
        "the spectrum briefing's publisher is not in its text: {}",
        spectrum.source.citation()
    );
    let checklist = shipped("collaboration-checklist");
    assert_eq!(
        checklist.source.citation(),
        "An appetite for collaboration, Good Governance Institute, 2021-03-02",
        "the checklist's source carries its own publisher and date"
    );
}

#[test]
fn the_spectrum_profiles_use_every_dimension_and_give_a_reason_for_each_value() {
    let i = shipped("governance-spectrum");
    let value = |ap: &str, dim: &str| {
        let a = i.approaches.iter().find(|a| a.id == ap).unwrap();
        a.profile.iter().find(|(d, _)| d == dim).unwrap().1
    };
    let dims: Vec<&str> = i.items().map(|d| d.id.as_str()).collect();
    for a in &i.approaches {
        let named: Vec<&str> = a.reasons.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(named, dims, "{} gives a reason for every position", a.id);
    }
    for (x, y) in [("formality", "framework"), ("priority", "formality")] {
        assert!(
            i.approaches
                .iter()
                .any(|a| value(&a.id, x) != value(&a.id, y)),
            "`{x}` and `{y}` differ for some approach, so neither dimension is redundant"
        );
    }
    assert!(
        value("joint-committee", "ceding") >= value("lead-provider", "ceding"),
        "a joint committee, holding partners' collective delegation, cedes at least as much as a lead provider"
    );
    let profiles: Vec<Vec<i64>> = i
        .approaches
        .iter()
        .map(|a| a.profile.iter().map(|(_, v)| *v).collect())
        .collect();
    for (n, p) in profiles.iter().enumerate() {
        for q in &profiles[n + 1..] {
            let d2: i64 = p.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum();
            assert!(
                d2 >= 3,
                "no two approaches sit within one step on two dimensions of each other: {p:?} and {q:?}"
            );
        }
    }
    assert!(
        i.summary.contains("no simple good or bad position") && i.summary.contains("proportionate"),
        "the summary says what the briefing says: no simple good or bad position, proportionate governance"
    );
}
