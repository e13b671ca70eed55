/**
 * Issue #8, defects 5 and 11 inside the real VS Code: what an echoing server sends back (the client
 * secret, the token, in any encoding) reaches neither the status bar, the tree, a scripted command's
 * rejection, nor the log; previews are written to a private folder that is cleaned up.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AdobeApiError } from '../../src/core/common/errors';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/features/explorer/nodes';
import { echoedForms } from '../emulator/server';
import { activateExtension, emulatorControl } from './helpers';

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
/** A fake secret with characters JSON, URLs and Markdown each escape, so every echoed form differs. */
const SECRET = 'p8e-Echo/Leak"Secret+Value=42_x';
const MARK = '‹redacted›';

async function rejectionOf(promise: Promise<unknown>): Promise<AdobeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as AdobeApiError;
	}
	return assert.fail('expected the command to reject');
}

/** What a Markdown tooltip shows: escapes and non-breaking spaces undone, so an escaped secret is still found. */
function shownText(tooltip: string | vscode.MarkdownString | undefined): string {
	const text = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
	return text.replace(/&nbsp;/g, ' ').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('server echoes and previews', () => {
	let api: TestApi;
	let demo: { clientId: string; clientSecret: string };
	let previouslyActive: string | undefined;

	const label = (node: ExplorerNode) => String(api.explorer.getTreeItem(node).label);
	async function child(parent: ExplorerNode | undefined, name: string): Promise<ExplorerNode> {
		const nodes = await api.explorer.getChildren(parent);
		return nodes.find((n) => label(n) === name) ?? assert.fail(`no "${name}": ${nodes.map(label).join(', ')}`);
	}
	const profileNode = async () => (await api.explorer.getChildren())[0] ?? assert.fail('the explorer shows no profile');

	before(async () => {
		({ api } = await activateExtension());
		await api.services.profiles.ready();
		previouslyActive = api.services.profiles.active()?.name;
		demo = (await emulatorControl<{ clients: { demo: { clientId: string; clientSecret: string } } }>('GET', 'info')).clients.demo;
		await run('adobeApi.addProfile', { name: 'Echo', apiKind: 'cloudStorage', clientId: demo.clientId, clientSecret: demo.clientSecret });
		await run('adobeApi.addProfile', { name: 'Echo wrong', apiKind: 'cloudStorage', clientId: demo.clientId, clientSecret: SECRET });
		await run('adobeApi.selectProfile', { profile: 'Echo' });
		await run('adobeApi.generateToken', { profile: 'Echo' });
		api.explorer.refresh();
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		for (const name of ['Echo', 'Echo wrong']) await run('adobeApi.removeProfile', { profile: name });
		if (previouslyActive) await run('adobeApi.selectProfile', { profile: previouslyActive });
	});

	describe('nothing a server echoes is shown (defect 5)', () => {
		let token: string;

		/** Fails if `text` holds the secret or the token in any echoed form, or the start or end of either (a cut-off copy). */
		function assertClean(where: string, text: string): void {
			for (const value of [SECRET, token]) {
				for (const form of [...echoedForms(value), value.slice(0, 16), value.slice(-16)]) {
					assert.ok(!text.includes(form), `${where} shows ${form}:\n${text}`);
				}
			}
		}

		before(() => {
			const echo = api.services.profiles.find('Echo') ?? assert.fail('no profile Echo');
			token = api.services.tokens.snapshot(echo.id).token?.accessToken ?? assert.fail('no token for Echo');
		});

		it("redacts an echoed token from the hello call's rejection and its row", async () => {
			await emulatorControl('POST', 'faults', { route: 'photoshop.hello', fault: { type: 'echo' }, times: 1 });
			const error = await rejectionOf(run('adobeApi.callHello', { profile: 'Echo' }));
			assert.match(error.detail ?? '', /^Rejected credentials: ‹redacted›/, 'the echo reached the error, redacted');
			assert.ok(error.message.includes(MARK));
			assertClean('the rejection', [error.message, error.detail, error.code, error.stack].join('\n'));
			const item = api.explorer.getTreeItem(await child(await profileNode(), 'Photoshop API: hello'));
			assert.equal(item.contextValue, 'hello.error');
			assert.ok(String(item.description).includes(MARK));
			assertClean(
				'the hello row',
				[item.label, item.description, shownText(item.tooltip), item.accessibilityInformation?.label].join('\n'),
			);
		});

		it("redacts an echoed token from a successful hello call's body, before the row shortens it", async () => {
			await emulatorControl('POST', 'faults', { route: 'photoshop.hello', fault: { type: 'echo', status: 200 }, times: 1 });
			const result = await run<{ body: string }>('adobeApi.callHello', { profile: 'Echo' });
			assert.ok(result.body.includes(`Rejected credentials: ${MARK}`), result.body);
			assertClean('the hello result', result.body);
			const item = api.explorer.getTreeItem(await child(await profileNode(), 'Photoshop API: hello'));
			assert.match(String(item.description), /^“\{"error_code":"echo","message":"Rejected credentials: ‹redacted›/);
			assertClean('the hello row', [item.description, shownText(item.tooltip), item.accessibilityInformation?.label].join('\n'));
		});

		it('redacts an echoed client secret from a failed token request: rejection, status bar and log', async () => {
			await run('adobeApi.selectProfile', { profile: 'Echo wrong' });
			await emulatorControl('POST', 'faults', { route: 'ims.token', fault: { type: 'echo' }, times: 1 });
			const error = await rejectionOf(run('adobeApi.generateToken', { profile: 'Echo wrong' }));
			assert.equal(error.code, 'invalid_request');
			assert.match(error.detail ?? '', /^Rejected credentials: ‹redacted› \| ‹redacted› \| ‹redacted› \| ‹redacted›$/);
			assertClean('the rejection', [error.message, error.detail, error.stack].join('\n'));
			assert.equal(api.statusBar.state, 'failed');
			const tooltip = shownText(api.statusBar.tooltipText);
			assert.ok(tooltip.includes(`Rejected credentials: ${MARK}`), tooltip);
			assertClean('the status-bar tooltip', tooltip);
			// The profile's row shows the failure too: redacted before it was escaped for Markdown.
			const row = api.explorer.getTreeItem(await profileNode());
			assert.equal(row.contextValue, 'profile.error');
			const rowTooltip = shownText(row.tooltip);
			assert.ok(rowTooltip.includes(`Rejected credentials: ${MARK}`), rowTooltip);
			assertClean('the profile row', [row.description, rowTooltip, row.accessibilityInformation?.label].join('\n'));
			await run('adobeApi.selectProfile', { profile: 'Echo' });
		});

		it('keeps every echo out of the log', () => {
			const log = api.logLines().join('\n');
			assert.ok(log.includes(`Rejected credentials: ${MARK}`), 'the failures above were logged');
			assertClean('the log', log);
		});
	});

	describe('previews (defect 11)', () => {
		it('writes into a private folder of its own, one private folder per asset named as the file, and removes it all on dispose', async () => {
			const storage = await child(await profileNode(), 'Cloud Storage');
			const logos = await child(await child(storage, 'Brand Refresh 2026'), 'Logos');
			const images = (await api.explorer.getChildren(logos)).flatMap((n) =>
				n.kind === 'asset' && n.asset.mediaType?.startsWith('image/') ? [n.asset] : [],
			);
			assert.ok(images.length >= 2, 'Logos holds two images');

			const first = await run<{ path: string }>('adobeApi.explorer.preview', { assetId: images[0].assetId });
			const assetFolder = path.dirname(first.path);
			const folder = path.dirname(assetFolder);
			assert.notEqual(folder, path.join(os.tmpdir(), 'adobe-api-toolkit-previews'), 'not the old shared path');
			assert.equal(path.dirname(folder), os.tmpdir());
			assert.equal(fs.statSync(folder).mode & 0o777, 0o700, 'only this user can open the folder');
			assert.equal(fs.statSync(assetFolder).mode & 0o777, 0o700, "only this user can open the asset's folder");
			assert.equal(fs.statSync(first.path).mode & 0o777, 0o600, 'only this user can read the preview');
			assert.equal(path.basename(first.path), images[0].name, 'named as the file (#18), not by its asset id');

			const second = await run<{ path: string }>('adobeApi.explorer.preview', { assetId: images[1].assetId });
			assert.equal(path.dirname(path.dirname(second.path)), folder);
			assert.equal(path.basename(second.path), `${images[1].name}.png`, 'an SVG: its rendition is a PNG, and says so');
			assert.ok(fs.existsSync(first.path), 'an earlier preview stays while a tab may show it');

			api.explorer.previews.dispose();
			assert.equal(fs.existsSync(folder), false, 'disposing the explorer (deactivation) removes the folder');
		});
	});
});
