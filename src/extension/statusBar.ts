// The status bar entry: port and failing count while running, "off" when stopped.
// Hidden in workspaces that never used the inspector, so activation at startup
// (needed for corsInspector.autoStart) adds nothing to unrelated windows.
import * as vscode from 'vscode';

export class InspectorStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('corsInspector.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'CORS Inspector';
    this.item.command = 'corsInspector.showPanel';
    this.update(null, 0);
  }

  /** `inUse`: this workspace has a target configured or remembered; a running inspector always shows. */
  update(port: number | null, failing: number, inUse = false): void {
    if (port !== null || inUse) this.item.show();
    else this.item.hide();
    if (port === null) {
      this.item.text = '$(circle-slash) CORS off';
      this.item.tooltip = 'CORS Inspector is stopped. Click to open the panel.';
      this.item.accessibilityInformation = { label: 'CORS Inspector stopped. Open panel', role: 'button' };
      this.item.backgroundColor = undefined;
      return;
    }
    const failText = failing === 1 ? '1 failing' : `${failing} failing`;
    this.item.text = `$(radio-tower) CORS :${port} · ${failText}`;
    this.item.tooltip = `CORS Inspector listening on 127.0.0.1:${port}, ${failText}. Click to open the panel.`;
    this.item.accessibilityInformation = { label: `CORS Inspector on port ${port}, ${failText}. Open panel`, role: 'button' };
    this.item.backgroundColor = failing > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** Exposed for tests and logs. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
