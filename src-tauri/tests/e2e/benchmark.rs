//! End to end: the benchmark library (issue 26) in the real window. A consultant opens the demo
//! board, whose Results step says it is not compared yet; on the Benchmarks screen they add four
//! other boards' results packs with the file button, drop two more on the screen (one
//! organisation's name is an HTML injection attempt), see the library with every organisation
//! named, and remove one organisation after confirming. Back on the Results step the panel says
//! "Compared with 5 boards" with the box plots and their table, and no other board's name is
//! anywhere on that screen; axe-core finds nothing serious on either screen. The packs are written through the same API a board's own app uses
//! (`share`).
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::*;
use fantoccini::{Client, Locator};
use govmat::{Answer, Govmat, NewRound, Role};

const SNEAKY: &str = "<img src=x onerror=alert(1)> Peer Trust";
/// The other boards: the first four are added with the file button, the last two dropped.
const PEERS: [&str; 6] = [
    "Alder Peer Trust",
    "Birch Peer Trust",
    "Cedar Peer Trust",
    "Damson Peer Trust",
    "Elm Peer Trust",
    SNEAKY,
];
/// Removed on the Benchmarks screen, so five boards are compared.
const REMOVED: &str = "Damson Peer Trust";

/// One small board per peer in a database of their own, each sharing the pack of one round of
/// the demo's questionnaire in which three members answer every item (levels varied by board, so
/// the boxes have some width); answers the packs' paths.
fn peer_packs(dir: &Path) -> Vec<PathBuf> {
    let mut g = Govmat::open(&dir.join("boards.db"), None).expect("opens");
    PEERS
        .iter()
        .enumerate()
        .map(|(p, org)| {
            let org_id = g.create_organisation(org).expect("an organisation").id;
            let round = g
                .create_round(&NewRound {
                    organisation_id: org_id,
                    name: "Spring 2026".into(),
                    date: "2026-03-01".into(),
                    questionnaire: "collaboration-checklist".into(),
                    carry_actions: false,
                })
                .expect("a round")
                .id;
            let items: Vec<String> = g
                .round_view(round)
                .unwrap()
                .instrument
                .areas
                .iter()
                .flat_map(|a| a.items.iter().map(|i| i.id.clone()))
                .collect();
            for (m, name) in ["Member One", "Member Two", "Member Three"]
                .iter()
                .enumerate()
            {
                let id = g.add_member(round, name, Role::NonExecutive).unwrap();
                for (i, item) in items.iter().enumerate() {
                    let level = ((p + i + m) % 5) as i64;
                    g.record_answer(round, id, item, Answer::Level(level), "")
                        .unwrap();
                }
            }
            let out = dir.join(format!("peer-{p}.govmat-pack"));
            g.write_share_pack(round, false, "2026-04-01", &out)
                .expect("the pack is written");
            out
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_consultant_adds_packs_and_the_board_sees_where_it_stands_without_names() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let packs = peer_packs(dir.path());
    let db = dir.path().join("consultant.db");
    let picked = PathBuf::from(std::env::join_paths(&packs[..4]).expect("a path list"));
    let dropped: Vec<(String, String)> = packs[4..]
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(p).expect("a pack is text"))
        })
        .collect();
    let driver = start_driver(&[("GOVMAT_DB", &db), ("GOVMAT_E2E_PACKS", &picked)]);
    within(4, journey(&driver, &dropped)).await;
    drop(driver);
}

async fn journey(driver: &Driver, dropped: &[(String, String)]) {
    let c = window(driver, (1400, 1000)).await;
    let shots = screenshots();

    // A board with no library yet: one sentence, no figure.
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    let none = text_when(&c, "#bench-too-few", |t| !t.is_empty()).await;
    assert!(
        none.contains("at least 5 other boards") && none.ends_with("holds none."),
        "with no packs, the panel says a comparison needs five boards: {none}"
    );

    // The consultant's screen: four packs with the file button.
    click(&c, "#steps a[href='#/benchmarks']").await;
    text_when(&c, "main h1", |t| t == "Benchmarks").await;
    click(&c, "#bench-add").await;
    text_when(&c, "#notice", |t| t == "Added 4 packs.").await;
    text_when(&c, "#bench-library", |t| t.contains("Alder Peer Trust")).await;

    // Four boards are too few: the panel says how many more are needed.
    click(&c, "#steps a[href='#/results']").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    let few = text_when(&c, "#bench-too-few", |t| !t.is_empty()).await;
    assert!(
        few.contains("holds 4 (1 more needed)"),
        "four boards, one more needed: {few}"
    );
    assert!(
        c.find_all(Locator::Css("#benchmark img.chart"))
            .await
            .expect("query")
            .is_empty(),
        "no chart with too few boards"
    );

    // Two more dropped on the screen; the library names them, the hostile one as text.
    click(&c, "#steps a[href='#/benchmarks']").await;
    text_when(&c, "main h1", |t| t == "Benchmarks").await;
    let files: Vec<(&str, &str)> = dropped
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    drop_files(&c, "#bench-drop", &files).await;
    text_when(&c, "#notice", |t| t == "Added 2 packs.").await;
    let library = text_when(&c, "#bench-library", |t| t.contains("Elm Peer Trust")).await;
    assert!(
        PEERS.iter().all(|p| library.contains(p)),
        "the consultant's own screen names every organisation: {library}"
    );
    assert!(
        c.find_all(Locator::Css("main img[src='x']"))
            .await
            .expect("query")
            .is_empty(),
        "no markup from an organisation's name enters the page"
    );

    // One organisation's packs removed, after a confirmation.
    click(&c, &format!("[data-remove='{REMOVED}']")).await;
    click(&c, "dialog [data-confirm]").await;
    text_when(&c, "#notice", |t| t.starts_with("Removed 1 pack of")).await;
    let library = text_when(&c, "#bench-library", |t| !t.contains(REMOVED)).await;
    assert!(
        library.contains("Alder Peer Trust"),
        "the other organisations stay: {library}"
    );
    screenshot(&c, &shots, "32-benchmarks").await;
    let found = axe(&c).await;
    assert!(
        found.is_empty(),
        "the Benchmarks screen passes axe: {found:?}"
    );

    // The board among five: the panel, its chart and its table, and no peer named on the screen.
    click(&c, "#steps a[href='#/results']").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    text_when(&c, "#bench-title", |t| t == "Compared with 5 boards").await;
    let table = text_when(&c, "#bench-areas", |t| t.contains("Overall")).await;
    assert!(
        table.contains("Percentile"),
        "the numbers are in a table beside the chart: {table}"
    );
    find(&c, "#benchmark img.chart").await;
    let screen = main_text(&c).await;
    for peer in PEERS {
        assert!(
            !screen.contains(peer),
            "the Results screen names no other board, but shows {peer}"
        );
    }
    for word in ["Alder", "Birch", "Cedar", "Elm", "Damson", "onerror"] {
        assert!(
            !screen.contains(word),
            "no part of another board's name is on the Results screen: {word}"
        );
    }
    c.execute(
        "document.getElementById('benchmark').scrollIntoView()",
        vec![],
    )
    .await
    .expect("scrolls");
    tokio::time::sleep(Duration::from_millis(500)).await;
    screenshot(&c, &shots, "31-results-benchmark").await;
    click(&c, "#benchmark details summary").await;
    text_when(&c, "#bench-items", |t| t.contains("Item")).await;
    let found = axe(&c).await;
    assert!(
        found.is_empty(),
        "the Results screen with the panel and its items' table open passes axe: {found:?}"
    );
    c.close().await.ok();
}

/// Everything the screen holds as text, the chart pictures' descriptions and hidden parts
/// (the items' table behind its disclosure) included.
async fn main_text(c: &Client) -> String {
    let v = c
        .execute(
            r#"const alts = [...document.querySelectorAll("img")].map((i) => i.alt).join("\n");
               return document.body.textContent + "\n" + alts + "\n" + document.title;"#,
            vec![],
        )
        .await
        .expect("the page's text");
    v.as_str().expect("text").to_string()
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}
