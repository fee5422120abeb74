// The only module that talks to the Rust side. Every other module calls these functions, so the
// command names and argument shapes live in one place, and every failure arrives as an ApiError
// with a stable `code` (the UI branches on it) and a plain-words `message` (the UI shows it).

const tauri = window.__TAURI__;

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function call(command, args = {}, options = undefined) {
  if (!tauri || !tauri.core) {
    throw new ApiError("no_backend", "This page must be opened inside the govmat app.");
  }
  try {
    return await tauri.core.invoke(command, args, options);
  } catch (e) {
    if (e && typeof e === "object" && "code" in e) throw new ApiError(e.code, e.message);
    throw new ApiError("unexpected", String(e));
  }
}

export const appInfo = () => call("app_info");
export const organisations = () => call("organisations");
export const questionnaires = () => call("questionnaires");
export const createOrganisation = (name) => call("create_organisation", { name });
export const deleteOrganisation = (organisationId) =>
  call("delete_organisation", { organisation_id: organisationId });
export const createDemo = () => call("create_demo");

export const createRound = (round) => call("create_round", { round });
export const setRoundOpen = (roundId, open) => call("set_round_open", { round_id: roundId, open });
export const deleteRound = (roundId) => call("delete_round", { round_id: roundId });

// Private collection. While a round collects, the Rust side refuses everything else with the
// code "locked"; ending collection and the progress panel take the facilitator's PIN.
export const collectingRound = () => call("collecting_round");
export const startCollection = (roundId, pin, expected = null, minutes = null) => call("start_collection", { round_id: roundId, pin, expected, minutes });
export const endCollection = (roundId, pin) => call("end_collection", { round_id: roundId, pin });
export const collectionProgress = (roundId, pin) => call("collection_progress", { round_id: roundId, pin });
export const reopenBallot = (roundId, name, pin) => call("reopen_ballot", { round_id: roundId, name, pin });

// A member's own ballot: `ballot` is the {respondent_id, key} the start or resume gave this page.
export const ballotForm = (roundId) => call("ballot_form", { round_id: roundId });
export const startBallot = (roundId, name, role) =>
  call("start_ballot", { round_id: roundId, name, role });
export const resumeBallot = (roundId, name, code) =>
  call("resume_ballot", { round_id: roundId, name, code });
export const saveAnswer = (ballot, itemId, answer, comment) =>
  call("save_answer", { ballot, item_id: itemId, answer, comment });
export const saveBallotPosition = (ballot, dimension, position) =>
  call("save_ballot_position", { ballot, dimension, position });
export const finishBallot = (ballot) => call("finish_ballot", { ballot });

// Each screen asks for its own view, holding only what it shows.
export const resultsView = (roundId) => call("results_view", { round_id: roundId });
export const dashboardView = (roundId) => call("dashboard_view", { round_id: roundId });
export const revealView = (roundId) => call("reveal_view", { round_id: roundId });
export const spectrumView = (roundId) => call("spectrum_view", { round_id: roundId });
export const saveDecision = (roundId, itemId, decision) =>
  call("save_decision", { round_id: roundId, item_id: itemId, decision });

export const spectrumForm = (roundId) => call("spectrum_form", { round_id: roundId });
export const saveAgreedPosition = (roundId, dimension, position) =>
  call("save_agreed_position", { round_id: roundId, dimension, position });

export const addAction = (roundId, action) => call("add_action", { round_id: roundId, action });
export const updateAction = (roundId, actionId, action) =>
  call("update_action", { round_id: roundId, action_id: actionId, action });
export const deleteAction = (roundId, actionId) => call("delete_action", { round_id: roundId, action_id: actionId });
// The board's record (issue 27): last round's actions reviewed, and the decision history.
export const actionReview = (roundId) => call("action_review", { round_id: roundId });
export const followUpAction = (roundId, actionId, change) =>
  call("follow_up_action", { round_id: roundId, action_id: actionId, change });
export const decisionHistory = (roundId) => call("decision_history", { round_id: roundId });
export const followThroughTrend = (organisationId, questionnaire) =>
  call("follow_through_trend", { organisation_id: organisationId, questionnaire });

export const compare = (before, after) => call("compare", { before, after });
export const trend = (organisationId, questionnaire) =>
  call("trend", { organisation_id: organisationId, questionnaire });
export const chartSvg = (roundId, kind, compareWith = null) =>
  call("chart_svg", { round_id: roundId, kind, compare: compareWith, large: document.documentElement.classList.contains("large") });

// Both open a native dialog on the Rust side and resolve to null when the person cancels.
export const importPreview = (roundId, replace) => call("import_preview", { round_id: roundId, replace });
// A dropped export travels as raw bytes (Tauri's binary IPC), its round, choice and name in headers.
export const importPreviewDropped = (roundId, replace, name, bytes) =>
  call("import_preview_dropped", bytes, {
    headers: { "x-round-id": String(roundId), "x-replace": replace ? "1" : "0", "x-file-name": encodeURIComponent(name) },
  });
// Replacing members already in the round takes the board's roster PIN.
export const importConfirm = (roundId, pin = null) => call("import_confirm", { round_id: roundId, pin });
export const importCancel = () => call("import_cancel");
export const saveFormsTemplate = (roundId) => call("save_forms_template", { round_id: roundId });
export const savePaperBallots = (roundId, members) => call("save_paper_ballots", { round_id: roundId, members });
// Issue 29 §3: paper ballots from a first code (before or during collection), resolving to
// {path, codes: {first, last, count}} or null; the import's column choices ([{header, to}]) and a
// saved mapping file, both answering a new preview; a paper keying cancelled by its own ballot key.
export const printPaperBallots = (roundId, members, first) =>
  call("save_paper_ballots", { round_id: roundId, members, first });
export const importRemap = (roundId, choices) => call("import_remap", { round_id: roundId, choices });
export const importUseMap = (roundId) => call("import_use_map", { round_id: roundId });
export const importSaveMap = (roundId) => call("import_save_map", { round_id: roundId });
export const cancelPaperBallot = (ballot) => call("cancel_paper_ballot", { ballot });
export const exportFile = (roundId, format, compareWith = null) =>
  call("export_file", { round_id: roundId, format, compare: compareWith });

// Safety nets: this session's deletes that can be undone, and backup / restore (native dialogs).
export const undoable = () => call("undoable");
export const undo = (name) => call("undo", { name });
export const backupDatabase = () => call("backup_database");
export const restoreDatabase = () => call("restore_database");
export const recoverDatabase = (name) => call("recover_database", { name });

export const benchDrawn = (phases) => call("bench_drawn", { phases });

// The provider collaborative. Saving a pack, importing packs and saving the collaborative's
// report open a native dialog on the Rust side and resolve to null when the person cancels.
export const sharePreview = (roundId, actions) => call("share_preview", { round_id: roundId, actions });
export const shareSave = (roundId, actions) => call("share_save", { round_id: roundId, actions });
export const collaboratives = () => call("collaboratives");
export const collaborativeImport = (name, replace) => call("collaborative_import", { name, replace });
export const collaborativeImportDropped = (name, files, replace) =>
  call("collaborative_import_dropped", { name, files, replace });
export const collaborativeAddRound = (name, roundId, actions, replace) =>
  call("collaborative_add_round", { name, round_id: roundId, actions, replace });
export const collaborativeView = (name) => call("collaborative_view", { name });
export const collaborativeChart = (name) => call("collaborative_chart", { name });
export const collaborativeReport = (name) => call("collaborative_report", { name });
// The benchmark library (issue 26): the Results step's panel names no other board; the
// Benchmarks screen (the consultant's) lists them. Adding by the dialog resolves to null when
// the person cancels.
export const benchmarkView = (roundId) => call("benchmark_view", { round_id: roundId });
export const benchmarkChart = (roundId) =>
  call("benchmark_chart", { round_id: roundId, large: document.documentElement.classList.contains("large") });
export const benchmarkList = () => call("benchmark_list");
export const benchmarkAdd = (replace) => call("benchmark_add", { replace });
export const benchmarkAddDropped = (files, replace) => call("benchmark_add_dropped", { files, replace });
export const benchmarkRemove = (organisation) => call("benchmark_remove", { organisation });
// Collection on members' devices: the server on the room's network, and counts for the projector.
export const startDevices = (roundId) => call("start_devices", { round_id: roundId });
export const stopDevices = () => call("stop_devices", {});
/** Stops the devices server only while it serves the room check, never during collection. */
export const stopRoomCheck = () => call("stop_devices", { only_check: true });
export const deviceProgress = (roundId) => call("device_progress", { round_id: roundId });
export const devicesStatus = (roundId) => call("devices_status", { round_id: roundId });
export const discardEmptyBallot = (roundId, name, pin) => call("discard_empty_ballot", { round_id: roundId, name, pin });

// The board roster: every call carries the facilitator's roster PIN, checked in Rust.
export const rosterHasPin = (orgId) => call("roster_has_pin", { org_id: orgId });
export const setRosterPin = (orgId, pin) => call("set_roster_pin", { org_id: orgId, pin });
export const roster = (orgId, pin, roundId) => call("roster", { org_id: orgId, pin, round_id: roundId ?? null });
export const addToRoster = (orgId, pin, name, role) => call("add_to_roster", { org_id: orgId, pin, name, role });
export const importRoster = (orgId, pin) => call("import_roster", { org_id: orgId, pin });
export const renameRosterMember = (orgId, pin, id, name) => call("rename_roster_member", { org_id: orgId, pin, id, name });
export const setRosterRole = (orgId, pin, id, role) => call("set_roster_role", { org_id: orgId, pin, id, role });
export const mergePlan = (orgId, pin, from, into) => call("merge_plan", { org_id: orgId, pin, from, into });
export const mergeRosterMembers = (orgId, pin, from, into) => call("merge_roster_members", { org_id: orgId, pin, from, into });
export const removeRosterMember = (orgId, pin, id) => call("remove_roster_member", { org_id: orgId, pin, id });
