//! The name of every command the window may call. `build.rs` turns each into an `allow-<name>`
//! permission and `capabilities/main.json` grants them; a command missing here is refused at run
//! time, so this list, the handler in `lib.rs` and the capability must move together.
//!
//! A unit test checks that `capabilities/main.json` grants exactly these.

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
    "dashboard_view",
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
    "import_preview",
    "import_preview_dropped",
    "roster_has_pin",
    "set_roster_pin",
    "roster",
    "add_to_roster",
    "import_roster",
    "rename_roster_member",
    "set_roster_role",
    "merge_plan",
    "merge_roster_members",
    "remove_roster_member",
    "import_confirm",
    "import_cancel",
    "save_forms_template",
    "save_paper_ballots",
    // Issue 29 §3: the import's column choices and saved mapping; cancelling a paper keying.
    "import_remap",
    "import_use_map",
    "import_save_map",
    "cancel_paper_ballot",
    "export_file",
    "undoable",
    "undo",
    "backup_database",
    "restore_database",
    "recover_database",
    // The provider collaborative.
    "share_preview",
    "share_save",
    "collaboratives",
    "collaborative_import",
    "collaborative_import_dropped",
    "collaborative_add_round",
    "collaborative_view",
    "collaborative_report",
    "collaborative_chart",
    // Collection on members' devices.
    "start_devices",
    "stop_devices",
    "devices_status",
    "discard_empty_ballot",
    "device_progress",
    // The board's record (issue 27).
    "action_review",
    "follow_up_action",
    "decision_history",
    "follow_through_trend",
    // The benchmark library (issue 26).
    "benchmark_view",
    "benchmark_chart",
    "benchmark_list",
    "benchmark_add",
    "benchmark_add_dropped",
    "benchmark_remove",
    // Registered only in `test-hooks` builds; granted always so one capability file serves both
    // (a grant for a command the app does not have reaches nothing).
    "bench_drawn",
];

#[cfg(test)]
mod tests {
    /// The capability file is written by hand; it must grant exactly the commands listed here.
    #[test]
    fn the_capability_grants_exactly_the_listed_commands() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).expect("valid JSON");
        let granted: Vec<&str> = file["permissions"]
            .as_array()
            .expect("a permissions list")
            .iter()
            .map(|p| p.as_str().expect("a permission name"))
            .collect();
        let listed: Vec<String> = super::ALL
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        assert_eq!(
            granted, listed,
            "capabilities/main.json and command_names::ALL differ"
        );
    }
}
