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

async function call(command, args = {}) {
  if (!tauri || !tauri.core) {
    throw new ApiError("no_backend", "This page must be opened inside the govmat app.");
  }
  try {
    return await tauri.core.invoke(command, args);
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

export const ballotForm = (roundId) => call("ballot_form", { round_id: roundId });
export const startBallot = (roundId, name, role) =>
  call("start_ballot", { round_id: roundId, name, role });
export const resumeBallot = (roundId, name) =>
  call("resume_ballot", { round_id: roundId, name });
export const saveAnswer = (roundId, respondentId, itemId, answer, comment) =>
  call("save_answer", {
    round_id: roundId,
    respondent_id: respondentId,
    item_id: itemId,
    answer,
    comment,
  });
export const finishBallot = (respondentId) =>
  call("finish_ballot", { respondent_id: respondentId });

export const roundView = (roundId) => call("round_view", { round_id: roundId });
export const agreeView = (roundId) => call("agree_view", { round_id: roundId });
export const saveDecision = (roundId, itemId, decision) =>
  call("save_decision", { round_id: roundId, item_id: itemId, decision });

export const spectrumForm = (roundId) => call("spectrum_form", { round_id: roundId });
export const savePosition = (roundId, respondentId, dimension, position) =>
  call("save_position", { round_id: roundId, respondent_id: respondentId, dimension, position });

export const addAction = (roundId, action) => call("add_action", { round_id: roundId, action });
export const updateAction = (roundId, actionId, action) =>
  call("update_action", { round_id: roundId, action_id: actionId, action });
export const deleteAction = (actionId) => call("delete_action", { action_id: actionId });

export const compare = (before, after) => call("compare", { before, after });
export const trend = (organisationId, questionnaire) =>
  call("trend", { organisation_id: organisationId, questionnaire });
export const chartSvg = (roundId, kind, compareWith = null) =>
  call("chart_svg", { round_id: roundId, kind, compare: compareWith });

// Both open a native dialog on the Rust side and resolve to null when the person cancels.
export const importCsv = (roundId, replace) => call("import_csv", { round_id: roundId, replace });
export const exportFile = (roundId, format, compareWith = null) =>
  call("export_file", { round_id: roundId, format, compare: compareWith });

export const benchDrawn = (phases) => call("bench_drawn", { phases });
