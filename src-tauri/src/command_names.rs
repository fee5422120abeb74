//! The name of every command the window may call. `build.rs` turns each into an `allow-<name>`
//! permission and `capabilities/main.json` grants them; a command missing here is refused at run
//! time, so this list, the handler in `lib.rs` and the capability must move together.

pub const ALL: &[&str] = &[
    "app_info",
    "organisations",
    "questionnaires",
    "create_organisation",
    "delete_organisation",
    "create_demo",
    "create_round",
    "set_round_open",
    "delete_round",
    "ballot_form",
    "start_ballot",
    "resume_ballot",
    "save_answer",
    "finish_ballot",
    "round_view",
    "agree_view",
    "save_decision",
    "spectrum_form",
    "save_position",
    "add_action",
    "update_action",
    "delete_action",
    "compare",
    "trend",
    "chart_svg",
    "import_csv",
    "export_file",
    "bench_drawn",
];
