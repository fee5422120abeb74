//! Embeds the app context and generates one `allow-<command>` permission per command, so the
//! capability file can grant exactly the commands the window uses and nothing else.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(govmat_commands::ALL);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step failed");
}

#[path = "src/command_names.rs"]
mod govmat_commands;
