/** What the commands share; built once in activate(). */
import type { TokenManager } from '../core/tokenManager';
import type { Keychain } from '../credentials/keychain';
import type { ProfileStore } from '../credentials/profileStore';
import type { ExtensionLog } from '../log';
import type { AdobeClientProvider } from '../networkLoader';

export interface ExtensionServices {
	log: ExtensionLog;
	clients: AdobeClientProvider;
	keychain: Keychain;
	profiles: ProfileStore;
	tokens: TokenManager;
}
