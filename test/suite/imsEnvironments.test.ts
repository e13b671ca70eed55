/**
 * IMS as Adobe documents it, inside VS Code: default scopes per API kind from Adobe's current
 * guides, invalid_scope answered with the documented alternatives and a one-click fix, and the
 * client secret kept out of the query string even though IMS would accept it there.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
// The notification's buttons, computed as showError computes them (a stateless module: its second copy is harmless).
import { actionsFor } from '../../src/shared/errorUi';
import { activateExtension, emulatorControl, emulatorRequests } from './helpers';

interface Credential {
	clientId: string;
	clientSecret: string;
}
interface ImsRecord {
	route: string;
	status: number;
	query: Record<string, string>;
	formKeys?: string[];
	secretInQuery?: boolean;
}

const credentialOf = ({ clientId, clientSecret }: Credential): Credential => ({ clientId, clientSecret });
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	return assert.fail('expected a rejection');
}

describe('IMS as Adobe documents it', () => {
	let api: TestApi;
	let clients: Record<'demo' | 'olderStorage', Credential>;
	const profile = (name: string) => api.services.profiles.list().find((p) => p.name === name) ?? assert.fail(`no profile ${name}`);

	before(async () => {
		({ api } = await activateExtension());
		await api.services.profiles.ready();
		for (const existing of [...api.services.profiles.list()]) await run('adobeApi.removeProfile', { profile: existing.name });
		// Only the id and secret: the emulator's client records also list the scopes it grants.
		const all = (await emulatorControl<{ clients: typeof clients }>('GET', 'info')).clients;
		clients = { demo: credentialOf(all.demo), olderStorage: credentialOf(all.olderStorage) };
		await emulatorControl('POST', 'reset');
	});
	after(async () => {
		for (const existing of [...api.services.profiles.list()]) await run('adobeApi.removeProfile', { profile: existing.name });
	});

	it("gives a Firefly profile the Firefly guide's scopes and variable names, and a token", async () => {
		await run('adobeApi.addProfile', { name: 'Firefly dev', apiKind: 'firefly', ...clients.demo });
		assert.deepEqual(profile('Firefly dev').scopes, [
			'openid',
			'AdobeID',
			'session',
			'additional_info',
			'read_organizations',
			'firefly_api',
			'ff_apis',
		]);
		await run('adobeApi.generateToken', { profile: 'Firefly dev' });
		const exports = await run<{ variables: string[] }>('adobeApi.copyEnvExports', { profile: 'Firefly dev' });
		assert.deepEqual(exports.variables, ['FIREFLY_SERVICES_CLIENT_ID', 'FIREFLY_SERVICES_SCOPES', 'FIREFLY_SERVICES_ACCESS_TOKEN']);
	});

	it('sends the client secret in the form body, never in the query string', async () => {
		const calls = (await emulatorRequests('ims.token')) as unknown as ImsRecord[];
		assert.ok(calls.length > 0);
		for (const call of calls) {
			assert.equal(call.status, 200);
			assert.equal(call.secretInQuery, false);
			assert.deepEqual(call.query, {});
			assert.ok(call.formKeys?.includes('client_secret'));
		}
	});

	it("answers invalid_scope with the scopes asked for and Adobe's alternatives, and fixes it in one click", async () => {
		// A credential made before Adobe's Cloud Storage guide added cloud_storage_collab_api (July 2025).
		await run('adobeApi.addProfile', { name: 'Older storage', apiKind: 'cloudStorage', ...clients.olderStorage });
		assert.deepEqual(profile('Older storage').scopes, ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api']);
		const error = await rejection(run('adobeApi.generateToken', { profile: 'Older storage' }));
		assert.equal(
			error.message,
			'Adobe IMS rejected the requested scopes (invalid_scope: Invalid scope(s): cloud_storage_collab_api). Asked for: openid,AdobeID,creative_sdk,cloud_storage_collab_api.' +
				" Other scope lists in Adobe's guides for Cloud Storage and Collaboration: openid,AdobeID,offline_access,creative_sdk (earlier guide)." +
				' Switch to one of these, or use the scopes shown on your Developer Console credential.',
		);

		const titles = actionsFor(error, 'Older storage').map((a) => a.title);
		assert.deepEqual(titles.slice(0, 2), ['Use earlier guide scopes', 'Edit Scopes'], 'the field IMS refused opens at once');
		await emulatorControl('POST', 'clear-requests');
		// The button's work: the scopes are edited, then Generate Token runs (and is awaited) with them.
		await actionsFor(error, 'Older storage')[0].run();
		assert.ok(api.services.tokens.snapshot(profile('Older storage').id).token, 'a token, with no further click');
		assert.deepEqual(profile('Older storage').scopes, ['openid', 'AdobeID', 'offline_access', 'creative_sdk']);
		const [call] = (await emulatorRequests('ims.token')) as unknown as ImsRecord[];
		assert.equal(call.status, 200, 'the retry with the documented scopes got a token');
	});

	it('offers no invented scopes for an API Adobe documents none for', async () => {
		await run('adobeApi.addProfile', { name: 'Provenance', apiKind: 'contentAuthenticity', ...clients.olderStorage });
		const error = await rejection(run('adobeApi.generateToken', { profile: 'Provenance' }));
		assert.equal(
			error.message,
			'Adobe IMS rejected the requested scopes (invalid_scope: Invalid scope(s): read_organizations). Asked for: openid,AdobeID,read_organizations. Use the scopes shown on your Developer Console credential.',
		);
		assert.deepEqual(
			actionsFor(error, 'Provenance')
				.map((a) => a.title)
				.slice(0, 1),
			['Edit Scopes'],
		);
	});
});
