/** What the commands share; built once in activate(). */
import type { TokenManager } from '../core/tokenManager';
import type { Keychain } from '../credentials/keychain';
import type { ProfileStore } from '../credentials/profileStore';
import type { ExtensionLog } from '../log';
import type { AdobeClientProvider } from '../networkLoader';

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
}
