/**
 * Loads dist/network.js (undici and the Adobe clients) on first use and keeps one set of clients
 * per settings snapshot. Activation never touches this, so it costs nothing until a command needs
 * the network; showing state needs no HTTP code at all. Code in the lazily loaded bundles reaches the
 * network bundle through network() here, never through shared/lazy.ts (each bundle would get its own copy);
 * the loader is handed in by the composition root (src/extension.ts).
 */
import type * as Network from '../bundles/network';
import type { Logger } from '../core/common/logger';
import { NetworkSettings } from './settings';

export class AdobeClientProvider {
	private current: Network.AdobeClients | undefined;

	constructor(
		private readonly readSettings: () => NetworkSettings,
		private readonly logger: Logger,
		private readonly userAgent: string,
		/** shared/lazy.ts's loadNetwork. */
		private readonly load: () => typeof Network,
	) {}

	/** The network bundle itself (the parsers, the doctor, the sign-in sessions), loaded on first use. */
	network(): typeof Network {
		return this.load();
	}

	/** Clients for the current settings; throws a config error naming a bad setting. */
	get(): Network.AdobeClients {
		if (!this.current) {
			const settings = this.readSettings();
			this.current = this.load().createAdobeClients({ ...settings, logger: this.logger, userAgent: this.userAgent });
		}
		return this.current;
	}

	/** Settings changed: the next get() builds new clients; the old connections close. */
	invalidate(): void {
		const old = this.current;
		this.current = undefined;
		void old?.close().catch(() => undefined);
	}

	dispose(): void {
		this.invalidate();
	}
}
