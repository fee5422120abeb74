//! Packs and the collaborative's views, on hand-made packs whose figures are worked out here.

use govmat_core::{
    side_by_side, Pack, PackArea, PackDimension, PackError, PackInstrument, PackItem, PackSpectrum,
    PACK_FORMAT, PACK_SCHEMA,
};

/// A pack for `org` with agreed scores for items a1, a2 (area a) and b1 (area b), and an
/// aspiration on two spectrum dimensions.
fn pack(org: &str, round: &str, date: &str, agreed: [Option<i64>; 3], asp: [i64; 2]) -> Pack {
    let item = |id: &str, agreed| PackItem {
        id: id.into(),
        title: format!("Item {id}"),
        agreed,
        target: Some(4),
        spread: None,
    };
    Pack {
        format: PACK_FORMAT.into(),
        schema: PACK_SCHEMA,
        organisation: org.into(),
        round: round.into(),
        round_date: date.into(),
        produced: date.into(),
        instrument: PackInstrument {
            id: "checklist".into(),
            version: 1,
            title: "Checklist".into(),
            sha256: "0".repeat(64),
        },
        min_group: 3,
        areas: vec![
            PackArea {
                id: "a".into(),
                title: "Area A".into(),
                mean: Some(2.5),
                items: vec![item("a1", agreed[0]), item("a2", agreed[1])],
            },
            PackArea {
                id: "b".into(),
                title: "Area B".into(),
                mean: None,
                items: vec![item("b1", agreed[2])],
            },
        ],
        overall: Some(2.5),
        spectrum: Some(PackSpectrum {
            instrument: "spectrum".into(),
            dimensions: ["formality", "pooling"]
                .iter()
                .zip(asp)
                .map(|(id, a)| PackDimension {
                    id: (*id).into(),
                    title: (*id).into(),
                    low: "low".into(),
                    high: "high".into(),
                    now: Some(1),
                    aspiration: Some(a),
                })
                .collect(),
        }),
        actions: None,
        sha256: String::new(),
    }
    .seal()
}

#[test]
fn a_sealed_pack_reads_back_unchanged_from_its_file_text() {
    let p = pack(
        "Vale",
        "Spring",
        "2026-03-01",
        [Some(1), Some(2), None],
        [3, 4],
    );
    let back = Pack::parse(p.to_file_text().as_bytes()).expect("a sealed pack reads back");
    assert_eq!(back, p, "the file text round-trips exactly");
}

/// A mean such as 11/6 prints as 1.8333333333333335, which serde_json's default (best-effort)
/// float parsing reads one unit in the last place off; the pack's hash, recomputed from what was
/// read, then differed and an honest pack was refused as changed. Means are thirds, sixths and
/// ninths of whole levels all the time, so every one of these must read back exactly.
#[test]
fn a_pack_whose_means_are_thirds_sixths_and_ninths_reads_back_unchanged() {
    let mut refused = Vec::new();
    for k in 0..200u32 {
        for d in [3.0, 6.0, 9.0, 27.0] {
            let mean = f64::from(k) / d - 0.5;
            let mut p = pack(
                "Vale",
                "Spring",
                "2026-03-01",
                [Some(1), Some(2), None],
                [3, 4],
            );
            p.areas[0].mean = Some(mean);
            p.overall = Some(mean);
            let p = p.seal();
            match Pack::parse(p.to_file_text().as_bytes()) {
                Ok(back) => assert_eq!(back, p, "{mean} reads back exactly"),
                Err(e) => refused.push(format!("{mean}: {e}")),
            }
        }
    }
    assert!(refused.is_empty(), "honest packs refused: {refused:?}");
}

#[test]
fn one_changed_number_an_unknown_field_a_newer_schema_and_foreign_json_are_refused() {
    let p = pack(
        "Vale",
        "Spring",
        "2026-03-01",
        [Some(1), Some(2), None],
        [3, 4],
    );
    let text = p.to_file_text();
    let changed = text.replacen("\"agreed\": 1", "\"agreed\": 2", 1);
    assert_ne!(changed, text, "the test changes a number");
    assert_eq!(Pack::parse(changed.as_bytes()), Err(PackError::Tampered));

    let smuggled = text.replacen("\"min_group\"", "\"comments\": [\"x\"], \"min_group\"", 1);
    assert!(
        matches!(Pack::parse(smuggled.as_bytes()), Err(PackError::Foreign(m)) if m.contains("comments")),
        "a field the schema does not define is refused, so no comment can travel in a pack"
    );
    let newer = text.replacen("\"schema\": 1", "\"schema\": 2", 1);
    assert_eq!(
        Pack::parse(newer.as_bytes()),
        Err(PackError::TooNew { found: 2 })
    );
    assert!(matches!(
        Pack::parse(b"{\"format\": \"something-else\"}"),
        Err(PackError::Foreign(_))
    ));
    assert!(matches!(
        Pack::parse(b"not json"),
        Err(PackError::Foreign(_))
    ));
}

#[test]
fn partners_appear_alphabetically_with_their_latest_round_and_gaps_of_two_levels_are_found() {
    let packs = vec![
        pack(
            "Weald",
            "Spring",
            "2026-03-01",
            [Some(4), Some(2), None],
            [5, 1],
        ),
        pack(
            "Avon",
            "Old",
            "2025-03-01",
            [Some(0), Some(0), Some(0)],
            [1, 1],
        ),
        pack(
            "Avon",
            "New",
            "2026-02-01",
            [Some(1), Some(3), Some(2)],
            [2, 3],
        ),
        pack(
            "Moor",
            "Spring",
            "2026-03-05",
            [Some(3), Some(3), None],
            [4, 3],
        ),
    ];
    let v = side_by_side("Coast", &packs);
    let names: Vec<&str> = v.partners.iter().map(|p| p.organisation.as_str()).collect();
    assert_eq!(names, ["Avon", "Moor", "Weald"], "alphabetical, not ranked");
    assert_eq!(
        v.partners[0].round, "New",
        "a partner shows its latest round"
    );

    let a1: Vec<Option<i64>> = v.areas[0].items[0]
        .partners
        .iter()
        .map(|c| c.as_ref().unwrap().agreed)
        .collect();
    assert_eq!(a1, [Some(1), Some(3), Some(4)]);
    assert!(
        v.areas[1].items[0].partners.iter().all(|c| c.is_some()),
        "b1 is in every round"
    );

    // a1: 1, 3, 4 → 3 apart; a2: 3, 3, 2 → 1 (no gap); b1: only Avon agreed → no gap.
    assert_eq!(v.gaps.len(), 1, "only a1 differs by two levels or more");
    let g = &v.gaps[0];
    assert_eq!((g.item_id.as_str(), g.difference), ("a1", 3));
    assert_eq!(
        (g.lowest.clone(), g.highest.clone()),
        (vec!["Avon".to_string()], vec!["Weald".to_string()])
    );

    let s = v.spectrum.expect("partners placed themselves");
    assert_eq!(s.dimensions[0].aspiration, [Some(2), Some(4), Some(5)]);
    assert_eq!(s.dimensions[0].aspiration_range, Some(3));
    let d: Vec<(&str, &str, f64)> = s
        .distances
        .iter()
        .map(|d| (d.a.as_str(), d.b.as_str(), d.distance))
        .collect();
    // Avon (2,3), Moor (4,3), Weald (5,1).
    assert_eq!(
        d,
        [
            ("Avon", "Moor", 2.0),
            ("Avon", "Weald", 13f64.sqrt()),
            ("Moor", "Weald", 5f64.sqrt())
        ],
        "every pair in partner order, never sorted by distance"
    );

    let avon = &v.trends[0];
    let rounds: Vec<&str> = avon.points.iter().map(|p| p.round.as_str()).collect();
    assert_eq!(rounds, ["Old", "New"], "a trend is oldest first");
}
