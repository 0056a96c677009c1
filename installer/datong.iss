; Inno Setup script: a per-user installer for the onedir bundle (no administrator rights needed).
; Build on Windows after `pyinstaller --noconfirm build_installer.spec`:
;   iscc /DMyAppVersion=0.1.0 installer\datong.iss      -> installer\Output\DatongPortfolio-0.1.0-setup.exe
; MyAppVersion must be pyproject.toml's version (the bundle folder is named after it).
;
; Installs into %LOCALAPPDATA%\Programs\DatongPortfolio; the data (database, backups, settings, logs) lives in
; %LOCALAPPDATA%\DatongPlanning\DatongPortfolio, which this installer never touches: uninstalling removes the
; program only, and a new version installed over an old one finds the data where it was.

#ifndef MyAppVersion
  #define MyAppVersion "0.1.0"
#endif
#define MyAppName "大同市生态保护重点项目管理"
#define MyAppExe "DatongPortfolio.exe"
#define BundleDir "..\dist\DatongPortfolio-" + MyAppVersion

[Setup]
AppId={{6C1F2B8E-5D7A-4C1E-9B2F-DA70A0E5C0DE}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppPublisher=大同市规划和自然资源局
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\DatongPortfolio
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
OutputBaseFilename=DatongPortfolio-{#MyAppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#MyAppExe}
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern

[Languages]
; Inno Setup ships ChineseSimplified.isl among its unofficial translations: copy it into the compiler's
; Languages folder for Chinese setup pages; without it the pages are English (the program is Chinese either way).
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#MyAppName}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"
Name: "{userprograms}\{#MyAppName}\自检"; Filename: "{cmd}"; Parameters: "/k start ""自检"" /wait ""{app}\{#MyAppExe}"" --self-test & type ""%LOCALAPPDATA%\DatongPlanning\DatongPortfolio\logs\self-test.txt"""; WorkingDir: "{app}"
Name: "{userprograms}\{#MyAppName}\卸载"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; Flags: unchecked

[Run]
Filename: "{app}\{#MyAppExe}"; Description: "立即启动"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the data folder is not part of the installation.
