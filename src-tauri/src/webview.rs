//! Whether this computer can show the window at all. On Windows the window is drawn by
//! Microsoft's WebView2 runtime, which Windows 10 and 11 normally carry but a locked-down or
//! stripped image may lack; without it Tauri would fail with an error nobody at a board's
//! away-day can act on. So the app asks first and, if the runtime is missing, says so in a plain
//! dialog naming what to install (and on stderr, for IT's logs), and exits. Elsewhere the
//! platform's own web view is a package dependency, so there is nothing to ask.

/// What the dialog says when WebView2 is missing.
pub const MISSING_WEBVIEW2: &str = "govmat needs Microsoft's WebView2 Runtime to show its window, \
and this computer does not have it.\n\nInstall the WebView2 Runtime from Microsoft: its \
\"Evergreen Bootstrapper\" (search for \"WebView2 Runtime download\" on microsoft.com), or ask \
your IT department to deploy it. Then open govmat again.\n\nYour boards' data is safe: it is kept \
in %APPDATA%\\govmat.";

/// True when the window can be shown; otherwise the user has been told why, and the app should exit.
pub fn available() -> bool {
    #[cfg(windows)]
    {
        if tauri::webview_version().is_ok() {
            return true;
        }
        eprintln!("govmat: {}", MISSING_WEBVIEW2.replace("\n\n", " "));
        tell(MISSING_WEBVIEW2);
        false
    }
    #[cfg(not(windows))]
    true
}

#[cfg(windows)]
fn tell(text: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONWARNING, MB_OK};
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let (text, caption) = (wide(text), wide("govmat cannot open its window"));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            caption.as_ptr(),
            MB_OK | MB_ICONWARNING,
        );
    }
}
