; The govmat setup.exe: a per-user install that needs no administrator rights, compiled by
; scripts/windows.sh with Debian's makensis and NSIS's stock plugins only (Tauri's own NSIS
; bundler downloads a plugin from GitHub and needs a newer NSIS, see ARCHITECTURE.md).
;
; It installs into %LOCALAPPDATA%\Programs\govmat, adds a Start-menu shortcut and registers an
; uninstaller under HKCU (Apps & features shows name, version, publisher and size). Installing a
; newer version over an older one replaces the program files in place; the user's data
; (%APPDATA%\govmat: the database, snapshots and questionnaire files) is never touched, neither
; here nor by the uninstaller. /S installs or uninstalls silently; /D=<folder> (last on the
; command line, as NSIS requires) installs elsewhere.
;
; Defined by the build script with -D: VERSION (1.2.3), STAGE (the folder holding the files to
; ship) and OUTFILE.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define PRODUCT "govmat"
!define PUBLISHER "govmat"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\govmat"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\govmat"
; An upgrade goes where the last install went.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "govmat ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "govmat"
VIAddVersionKey /LANG=1033 "FileDescription" "govmat setup"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Copyright (c) 2026 the govmat authors (MIT)"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"

!define MUI_ICON "${STAGE}\govmat.ico"
!define MUI_UNICON "${STAGE}\govmat.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\govmat-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open govmat now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${STAGE}\LICENSE.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "govmat" Main
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; A running govmat holds its files open: NSIS then offers Retry once it is closed.
  File "${STAGE}\govmat-desktop.exe"
  File "${STAGE}\govmat.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\LICENSE.txt"
  File "${STAGE}\DejaVu-fonts-LICENSE.txt"
  File "${STAGE}\README-Windows.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\govmat.lnk" "$INSTDIR\govmat-desktop.exe" "" "$INSTDIR\govmat-desktop.exe" 0 \
    SW_SHOWNORMAL "" "Governance readiness diagnostic for NHS provider boards"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "govmat"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\govmat-desktop.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\govmat-desktop.exe"
  Delete "$INSTDIR\govmat.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\DejaVu-fonts-LICENSE.txt"
  Delete "$INSTDIR\README-Windows.txt"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: a folder the user also put files in is left with them.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\govmat.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; %APPDATA%\govmat (the boards' database and questionnaire files) stays: it is the user's.
SectionEnd
