//! The name of every command the window may call. `build.rs` turns each into an `allow-<name>`
//! permission and `capabilities/main.json` grants them; a command missing here is refused at run
//! time, so this list, the handler in `lib.rs` and the capability must move together.

pub const ALL: &[&str] = &[
    "app_info",
    "collecting_round",
    "organisations",
    "questionnaires",
    "create_organisation",
    "delete_organisation",
    "create_demo",
    "create_round",
    "set_round_open",
    "delete_round",
    "start_collection",
    "end_collection",
    "collection_progress",
    "reopen_ballot",
    "ballot_form",
    "start_ballot",
    "resume_ballot",
    "save_answer",
    "save_ballot_position",
    "finish_ballot",
    "results_view",
    "reveal_view",
    "spectrum_view",
    "save_decision",
    "spectrum_form",
    "save_agreed_position",
    "add_action",
    "update_action",
    "delete_action",
    "compare",
    "trend",
    "chart_svg",
    "import_csv",
    "export_file",
    // Collection on members' devices.
    "start_devices",
    "stop_devices",
    "device_progress",
    // Registered only in `test-hooks` builds; granted always so one capability file serves both
    // (a grant for a command the app does not have reaches nothing).
    "bench_drawn",
];
