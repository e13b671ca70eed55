/**
 * One automatic refresh per profile across windows, through a lease in SecretStorage. Another
 * window is played by writing its keys directly, as its own SecretStorage writes would arrive.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, emulatorControl, emulatorRequests, tokenChange } from './helpers';

interface Info {
	clients: Record<'demo', { clientId: string; clientSecret: string }>;
}

const PROFILE = 'Lease demo';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const imsCalls = async () => (await emulatorRequests('ims.token')).length;

describe('token refresh across windows', () => {
	let api: TestApi;
	let id: string;
	const leaseKey = () => `profile.${id}.refreshLease`;
	const tokenKey = () => `profile.${id}.token`;
	const snapshot = () => api.services.tokens.snapshot(id);

	/** An expired token, as a window that slept through its refresh would have stored. */
	async function storeExpiredToken(): Promise<void> {
		const expired = {
			...snapshot().token!,
			accessToken: 'expired-token-of-a-sleeping-window',
			obtainedAt: Date.now() - 90_000_000,
			expiresAt: Date.now() - 1000,
		};
		await api.services.keychain.store(tokenKey(), JSON.stringify(expired));
	}

	before(async () => {
		({ api } = await activateExtension());
		await api.services.profiles.ready();
		if (api.services.profiles.find(PROFILE)) await run('adobeApi.removeProfile', { profile: PROFILE });
		const { clientId, clientSecret } = (await emulatorControl<Info>('GET', 'info')).clients.demo;
		await run('adobeApi.addProfile', { name: PROFILE, apiKind: 'photoshop', clientId, clientSecret });
		id = api.services.profiles.find(PROFILE)?.id ?? assert.fail('the profile was not added');
		await run('adobeApi.generateToken', { profile: PROFILE });
	});
	afterEach(() => api.services.keychain.delete(leaseKey()));
	after(() => run('adobeApi.removeProfile', { profile: PROFILE }));

	it('claims the lease in SecretStorage for its own refresh and releases it', async () => {
		const leases: Array<{ owner: string } | undefined> = [];
		const released = new Promise<void>((resolve) => {
			const subscription = api.services.keychain.onDidChange((key) => {
				if (key !== leaseKey()) return;
				void api.services.keychain.get(key).then((raw) => {
					leases.push(raw ? JSON.parse(raw) : undefined);
					if (!raw) {
						subscription.dispose();
						resolve();
					}
				});
			});
		});
		const before = await imsCalls();
		const storedAt = Date.now();
		const refreshed = tokenChange(api, id, () => !snapshot().fetching && (snapshot().token?.obtainedAt ?? 0) >= storedAt);
		await storeExpiredToken();
		await Promise.all([refreshed, released]);
		assert.equal(await imsCalls(), before + 1);
		assert.equal(leases.length, 2, `lease changes: ${JSON.stringify(leases)}`);
		assert.match(leases[0]?.owner ?? '', /^[\da-f-]{36}$/);
		assert.equal(leases[1], undefined);
	});

	// Also lifts the once-a-minute floor the first test's automatic refresh set, which the next test needs.
	it('lets Refresh Token through while another window holds the lease', async () => {
		await api.services.keychain.store(leaseKey(), JSON.stringify({ owner: 'another-window', until: Date.now() + 60_000 }));
		const before = await imsCalls();
		const old = snapshot().token?.accessToken;
		await run('adobeApi.refreshToken', { profile: PROFILE });
		assert.equal(await imsCalls(), before + 1);
		assert.notEqual(snapshot().token?.accessToken, old);
	});

	it('waits while another window holds the lease and adopts the token that window stores, with no IMS call', async () => {
		const before = await imsCalls();
		const lease = { owner: 'another-window', until: Date.now() + 60_000 };
		await api.services.keychain.store(leaseKey(), JSON.stringify(lease));
		const waiting = tokenChange(api, id, () => snapshot().nextRefreshAt === lease.until);
		await storeExpiredToken();
		await waiting;

		const fresh = {
			...snapshot().token!,
			accessToken: 'token-from-another-window',
			obtainedAt: Date.now(),
			expiresAt: Date.now() + 86_399_000,
		};
		const adopted = tokenChange(api, id, () => snapshot().token?.accessToken === fresh.accessToken);
		await api.services.keychain.store(tokenKey(), JSON.stringify(fresh));
		await adopted;
		assert.equal(await imsCalls(), before, 'the other window made the only call');
		assert.ok(snapshot().nextRefreshAt! > Date.now() + 3_600_000, 'the next refresh follows the adopted token');
	});
});
