/**
 * Loads dist/network.js (undici and the Adobe clients) on first use and keeps one set of clients
 * per settings snapshot. Activation never touches this, so it costs nothing until a command needs
 * the network; showing state needs no HTTP code at all.
 */
import type * as Network from '../bundles/network';
import type { Logger } from '../core/common/logger';
import { NetworkSettings } from './settings';

let networkModule: typeof Network | undefined;

export function loadNetwork(): typeof Network {
	// A runtime require of the second bundle; esbuild.js keeps it out of dist/extension.js.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	networkModule ??= require('./network.js') as typeof Network;
	return networkModule;
}

export function isNetworkLoaded(): boolean {
	return networkModule !== undefined;
}

export class AdobeClientProvider {
	private current: Network.AdobeClients | undefined;

	constructor(
		private readonly readSettings: () => NetworkSettings,
		private readonly logger: Logger,
		private readonly userAgent: string,
	) {}

	/** Clients for the current settings; throws a config error naming a bad setting. */
	get(): Network.AdobeClients {
		if (!this.current) {
			const settings = this.readSettings();
			this.current = loadNetwork().createAdobeClients({ ...settings, logger: this.logger, userAgent: this.userAgent });
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
