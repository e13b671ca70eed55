/** What the commands share; built once in activate(). */
import type { Keychain } from '../credentials/keychain';
import type { ExtensionLog } from '../log';
import type { AdobeClientProvider } from '../networkLoader';

export interface ExtensionServices {
	log: ExtensionLog;
	clients: AdobeClientProvider;
	keychain: Keychain;
}
