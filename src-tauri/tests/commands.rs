//! The commands through Tauri's mock runtime, with the app's real context: the real capability
//! file decides what the window may call, so these tests prove both that the commands delegate
//! to the API and that the permission table lets through exactly what the UI uses.
//!
//! Also that a plugin the window was not granted (the dialog) is refused.

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct Window {
    _dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: WebviewWindow<tauri::test::MockRuntime>,
}

fn window() -> Window {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (govmat, launch) = govmat_desktop::open(&dir.path().join("board.db"));
    let app = govmat_desktop::with_board(mock_builder(), govmat, launch)
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the main window opens");
    Window {
        _dir: dir,
        _app: app,
        webview,
    }
}

fn call(w: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &w.webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("a url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json"))
}

fn ok(w: &Window, cmd: &str, args: Value) -> Value {
    call(w, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

#[test]
fn a_new_database_is_a_first_run_and_the_demo_is_one_call_away() {
    let w = window();
    assert_eq!(ok(&w, "app_info", json!({}))["first_run"], true);
    ok(&w, "create_demo", json!({}));
    let orgs = ok(&w, "organisations", json!({}));
    assert_eq!(
        orgs[0]["is_demo"], true,
        "the demo board is marked as a demo"
    );
    assert_eq!(orgs[0]["rounds"].as_array().map(Vec::len), Some(3));
}

#[test]
fn errors_reach_the_window_as_a_code_and_a_message() {
    let w = window();
    let err = call(&w, "results_view", json!({ "round_id": 999 })).expect_err("no such round");
    assert_eq!(
        err["code"], "not_found",
        "the UI branches on the code: {err}"
    );
    assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[test]
fn a_private_answer_is_saved_under_a_pin_and_revealed_without_the_name() {
    let w = window();
    let org = ok(&w, "create_organisation", json!({ "name": "Vale Trust" }));
    let round = ok(
        &w,
        "create_round",
        json!({ "round": { "organisation_id": org["id"], "name": "R1", "date": "2026-02-01",
                           "questionnaire": "collaboration-checklist" } }),
    );
    let rid = &round["id"];
    ok(
        &w,
        "start_collection",
        json!({ "round_id": rid, "pin": "602913" }),
    );
    assert_eq!(ok(&w, "collecting_round", json!({}))["round_id"], *rid);
    let name = "<img src=x onerror=alert(1)>";
    let started = ok(
        &w,
        "start_ballot",
        json!({ "round_id": rid, "name": name, "role": "non-executive" }),
    );
    let ballot = &started["ballot"];
    ok(
        &w,
        "save_answer",
        json!({ "ballot": ballot, "item_id": "training",
                "answer": { "kind": "level", "value": 3 }, "comment": "only mine" }),
    );
    let forged = json!({ "respondent_id": ballot["respondent_id"], "key": "0".repeat(64) });
    let refused = call(
        &w,
        "save_answer",
        json!({ "ballot": forged, "item_id": "training",
                "answer": { "kind": "level", "value": 0 }, "comment": "" }),
    )
    .expect_err("a page without the key cannot write the ballot");
    assert_eq!(refused["code"], "forbidden");
    let resumed = ok(
        &w,
        "resume_ballot",
        json!({ "round_id": rid, "name": name, "code": started["resume_code"] }),
    );
    assert_eq!(
        resumed["answers"][0]["comment"], "only mine",
        "the member carries on their own ballot"
    );
    let form = ok(&w, "ballot_form", json!({ "round_id": rid }));
    assert!(
        !form.to_string().contains("onerror") && !form.to_string().contains("only mine"),
        "the ballot form carries neither names nor answers"
    );
    for screen in ["reveal_view", "results_view", "spectrum_view"] {
        let err = call(&w, screen, json!({ "round_id": rid })).expect_err("locked");
        assert_eq!(
            err["code"], "locked",
            "{screen} is refused while collecting"
        );
    }
    let err = call(
        &w,
        "end_collection",
        json!({ "round_id": rid, "pin": "1111" }),
    )
    .expect_err("a wrong PIN");
    assert_eq!(err["code"], "forbidden");
    ok(
        &w,
        "end_collection",
        json!({ "round_id": rid, "pin": "602913" }),
    );
    let reveal = ok(&w, "reveal_view", json!({ "round_id": rid }));
    let training = reveal["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["item"]["id"] == "training"))
        .expect("the item is in the reveal");
    assert_eq!(
        training["values"],
        json!([]),
        "one answer is fewer than three: it is counted, never shown"
    );
    assert_eq!(training["item"]["n"], 1);
    assert_eq!(training["item"]["withheld"], true);
    assert_eq!(
        training["comments"],
        json!([{ "text": "only mine", "group": null }])
    );
    assert!(
        !reveal.to_string().contains("onerror"),
        "the reveal never names anyone"
    );
}

#[test]
fn a_decision_and_an_action_are_recorded() {
    let w = window();
    let org = ok(&w, "create_organisation", json!({ "name": "Hill Trust" }));
    let round = ok(
        &w,
        "create_round",
        json!({ "round": { "organisation_id": org["id"], "name": "R1", "date": "2026-02-01",
                           "questionnaire": "collaboration-checklist" } }),
    );
    let rid = &round["id"];
    ok(
        &w,
        "save_decision",
        json!({ "round_id": rid, "item_id": "training",
                "decision": { "agreed": 2, "target": 4, "rationale": "patchy", "dissent": "" } }),
    );
    ok(
        &w,
        "add_action",
        json!({ "round_id": rid, "action": { "item_id": "training", "text": "Run induction",
                "owner": "Chair", "due": "2026-06-30", "status": "open" } }),
    );
    let view = ok(&w, "results_view", json!({ "round_id": rid }));
    let item = view["score"]["areas"][0]["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == "training"))
        .expect("training is scored");
    assert_eq!(
        (item["agreed"].clone(), item["target"].clone()),
        (json!(2), json!(4))
    );
    assert_eq!(view["actions"][0]["text"], "Run induction");
}

#[test]
fn the_window_cannot_reach_plugins_it_was_not_granted() {
    let w = window();
    let refused = call(&w, "plugin:dialog|open", json!({ "options": {} }))
        .expect_err("dialogs are opened from Rust only, so the window has no dialog permission");
    assert!(
        refused.to_string().contains("not allowed"),
        "refused by the capability, not by accident: {refused}"
    );
}
