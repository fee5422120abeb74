//! Issue 29 §3: paper ballots. A paper code keyed in never joins the board's roster and keeps the
//! role ticked on the paper; more ballots print while the round collects, numbered after the
//! codes already keyed; cancelling a keying removes what was keyed and frees the code, and a
//! refused cancel changes nothing.

use govmat::{Answer, Role};

use crate::board::Board;
use crate::dump::content_of;

const PIN: &str = "582914";
const NOW: i64 = 1_790_000_000;

fn collecting() -> Board {
    let mut b = Board::new()
        .with_round("Away-day", "2026-03-31")
        .with_roster_pin(PIN);
    b.g.add_to_roster(b.org, PIN, NOW, "Ann Okafor", Role::Chair)
        .expect("a roster member");
    b.g.start_collection(b.round(), PIN, NOW)
        .expect("collection starts");
    b
}

fn roster_names(b: &mut Board) -> Vec<String> {
    b.g.roster(b.org, PIN, NOW, None)
        .expect("the roster")
        .into_iter()
        .map(|e| e.name)
        .collect()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_paper_code_keyed_in_keeps_the_ticked_role_and_never_joins_the_roster() {
    let mut b = collecting();
    let round = b.round();
    let started =
        b.g.start_ballot(round, "P01", Role::NonExecutive)
            .expect("the paper ballot starts");
    assert_eq!(
        started.role,
        Role::NonExecutive,
        "the role ticked on the paper, not Other"
    );
    b.g.save_ballot_answer(&started.ballot, "skills-capacity", Answer::Level(3), "")
        .unwrap();
    b.g.finish_ballot(&started.ballot).unwrap();
    b.g.end_collection(round, PIN, NOW).unwrap();
    assert_eq!(
        roster_names(&mut b),
        ["Ann Okafor"],
        "the paper code is not a member of the board"
    );
    let entry =
        b.g.roster(b.org, PIN, NOW, Some(round))
            .unwrap()
            .into_iter()
            .find(|e| e.name == "P01")
            .expect("the round lists the paper ballot");
    assert_eq!(entry.id, None, "shown with the round, not on the roster");
    assert_eq!(entry.role, Role::NonExecutive);

    // Keyed by hand after collection (`govmat answer`, which adds members as it meets them): a
    // paper code still stays off the roster, while a new name joins it as before.
    let later = b.g.add_member(round, "p02", Role::Executive).unwrap();
    b.g.add_member(round, "Bola Adeyemi", Role::Executive)
        .unwrap();
    assert!(later > 0);
    assert_eq!(
        roster_names(&mut b),
        ["Ann Okafor", "Bola Adeyemi"],
        "p02 is a paper code whatever its case; a new name joins the roster"
    );
}

#[test]
fn paper_ballots_print_while_the_round_collects_numbered_after_the_codes_keyed_in() {
    let mut b = collecting();
    let round = b.round();
    for code in ["P01", "P02"] {
        b.g.start_ballot(round, code, Role::Executive).unwrap();
    }
    b.g.start_ballot(round, "Ann Okafor", Role::Other).unwrap();
    assert!(
        b.g.results_view(round).is_err(),
        "everything else stays locked while the round collects"
    );
    let paper =
        b.g.paper_ballots(round, Some(2), None)
            .expect("paper ballots print during collection");
    assert_eq!(
        (
            paper.codes.first.as_str(),
            paper.codes.last.as_str(),
            paper.codes.count
        ),
        ("P03", "P04", 2),
        "after the highest code keyed in, so no code is printed twice"
    );
    let text = pdf_text(&paper.pdf.bytes);
    for want in [
        "member P03",
        "member P04",
        "Your role on the board (tick one)",
        "Non-executive director",
        "Executive director",
        "P03 · page 1 of",
    ] {
        assert!(text.contains(want), "the ballot says {want:?}");
    }
    assert!(!text.contains("P02"), "no code already keyed is printed");
    let chosen = b.g.paper_ballots(round, Some(1), Some(13)).unwrap();
    assert_eq!(chosen.codes.first, "P13", "the first code can be chosen");
    assert!(
        b.g.paper_ballots(round, Some(0), None).is_err(),
        "at least one ballot"
    );
}

#[test]
fn cancelling_a_paper_keying_removes_what_was_keyed_and_frees_its_code() {
    let mut b = collecting();
    let round = b.round();
    let first = b.g.start_ballot(round, "P05", Role::Chair).unwrap();
    b.g.save_ballot_answer(&first.ballot, "skills-capacity", Answer::Level(2), "")
        .unwrap();
    b.g.save_ballot_answer(&first.ballot, "training", Answer::DontKnow, "")
        .unwrap();

    // Another page's key, and a key that is not this ballot's, cancel nothing.
    let other = b.g.start_ballot(round, "P06", Role::Other).unwrap();
    let mut forged = first.ballot.clone();
    forged.key = other.ballot.key.clone();
    let before = content_of(&b.db);
    assert!(b.g.cancel_paper_ballot(&forged, NOW).is_err());
    assert_eq!(
        content_of(&b.db),
        before,
        "a refused cancel changes nothing"
    );

    b.g.cancel_paper_ballot(&first.ballot, NOW)
        .expect("the page keying P05 cancels it");
    assert!(
        b.g.save_ballot_answer(&first.ballot, "training", Answer::Level(1), "")
            .is_err(),
        "the cancelled page holds no ballot any more"
    );
    let again =
        b.g.start_ballot(round, "P05", Role::Chair)
            .expect("the code can be keyed again from the start");
    b.g.finish_ballot(&again.ballot).unwrap();
    assert!(
        b.g.cancel_paper_ballot(&again.ballot, NOW).is_err(),
        "a finished ballot is not cancelled"
    );
    b.g.end_collection(round, PIN, NOW).unwrap();
    let received = b.g.round_view(round).unwrap();
    assert_eq!(
        received.respondents, 0,
        "nothing of the cancelled keying counts: P05 again is empty and P06 never answered"
    );
}
