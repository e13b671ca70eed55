/** What the commands share; built once in activate(). */
import type * as vscode from 'vscode';
import type { TokenManager } from '../core/tokens/tokenManager';
import type { Keychain } from './keychain';
import type { ProfileStore } from './profileStore';
import type { ExtensionLog } from './log';
import type { AdobeClientProvider } from './clientProvider';
import type { ProfileChecks } from './profileChecks';
import type { JobsService } from './jobsService';

/** A modal yes/no question (confirm.ts's confirmModal); a seam so tests can answer it both ways. */
export type Confirm = (message: string, detail: string, action: string) => Promise<boolean>;

export interface ExtensionServices {
	log: ExtensionLog;
	clients: AdobeClientProvider;
	keychain: Keychain;
	profiles: ProfileStore;
	tokens: TokenManager;
	/** Asks before anything moves the secret or hands out the token (scripted calls included). */
	confirm: Confirm;
	/** Each profile's last hello call and Verify Credential; the explorer renders them. */
	checks: ProfileChecks;
	/**
	 * The extension's globalState. It holds only the folder last chosen in each file dialog
	 * (shared/dialogFolders.ts) and the input route that worked per profile id for Adobe's operations
	 * (features/operations, dropped with the profile): paths and route names, never a secret (the suite's
	 * leak tests check its keys).
	 */
	globalState: vscode.Memento;
	/**
	 * The Jobs view (loading dist/requests.js on first use), set by features/jobs at activation: the
	 * operations on a storage file (features/operations) follow their jobs there.
	 */
	jobs?: () => JobsService;
}
