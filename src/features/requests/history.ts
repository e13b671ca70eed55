/**
 * Recent requests of this workspace, in workspaceState: what was sent as written (the variables'
 * text, never their values), the status, latency and request id, and where the request is.
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION, Settings, WorkspaceStateKeys } from '../../shared/constants';
import { keyInSection } from '../../core/common/settingKeys';

export interface HistoryEntry {
	at: number;
	method: string;
	/** The URL as written in the file, `{{…}}` left in, query and all (credential variables are refused in URLs). */
	url: string;
	name?: string;
	profile?: string;
	status?: number;
	latencyMs?: number;
	requestId?: string;
	/** Why it failed before an answer, when it did (redacted). */
	error?: string;
	file?: string;
	line?: number;
}

export class RequestHistory {
	constructor(private readonly state: vscode.Memento) {}

	entries(): HistoryEntry[] {
		const stored = this.state.get<HistoryEntry[]>(WorkspaceStateKeys.requestHistory);
		return Array.isArray(stored) ? stored : [];
	}

	async add(entry: HistoryEntry): Promise<void> {
		const size = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>(keyInSection(Settings.historySize), 50);
		const limit = Math.min(500, Math.max(0, Number.isFinite(size) ? Math.round(size) : 50));
		await this.state.update(WorkspaceStateKeys.requestHistory, [entry, ...this.entries()].slice(0, limit));
	}
}
