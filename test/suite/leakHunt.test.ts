/**
 * The leak hunt: every command and failure path, run with a recognisable secret (one with the
 * characters JSON and URLs escape) while the emulator echoes the credentials it received back in
 * its error bodies. Then every place a person or a caller can read is searched for the secret and
 * the tokens, raw and in their escaped and encoded forms: rejections and results, the log, tree
 * labels, descriptions and tooltips, the status bar, the clipboard, new terminals' environment,
 * globalState, and every file under VS Code's user data folder (settings, logs, storage) and the
 * workspace. Notification toasts are searched by the UI tier (test/ui/leakHunt.ui.test.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/features/explorer/nodes';
import { echoedForms } from '../emulator/server';
import { activateExtension, emulatorControl } from './helpers';

interface Info {
	clients: Record<'leakHunt', { clientId: string; clientSecret: string }>;
}

/** A value as it can appear in text: as the emulator echoes it, and form-encoded. */
const encodedForms = (value: string) => [...new Set([...echoedForms(value), new URLSearchParams({ v: value }).toString().slice(2)])];

/** Commands that only open UI and take no argument object; everything else is run scripted below. */
const UI_ONLY = new Set([
	'adobeApi.tokenActions',
	'adobeApi.openSettings',
	'adobeApi.showLog',
	'adobeApi.explorer.refresh',
	'adobeApi.explorer.refreshNode',
	'adobeApi.explorer.loadMore',
	'adobeApi.explorer.clearFilter',
]);

const FAULT_PHASES = [undefined, 400, 401, 403, 500] as const;

describe('Leak hunt: the secret and tokens appear nowhere they should not', function () {
	this.timeout(180_000);
	let api: TestApi;
	let secret: string;
	const tokens = new Set<string>();
	/** Everything a command resolved or rejected with, and every clipboard content after a call that was not Copy Token. */
	const answers: string[] = [];
	const treeTexts: string[] = [];
	const statusTexts: string[] = [];
	const ran = new Set<string>();
	/** The clipboard after the commands whose job is to copy the token. */
	const secretOnly: string[] = [];
	let injectedAfterScript: string[] = [];

	const needles = () => [...encodedForms(secret), ...[...tokens].flatMap((token) => [...encodedForms(token), token.split('.').pop()!])];
	/** The surfaces' texts that contain a needle, each with the needle's kind (never the value itself, for the report). */
	function leaks(texts: readonly string[], wanted = needles()): string[] {
		const found: string[] = [];
		for (const [index, text] of texts.entries()) {
			for (const needle of wanted) {
				if (needle.length >= 6 && text.includes(needle)) {
					found.push(
						`text #${index} contains the ${encodedForms(secret).includes(needle) ? 'secret' : 'token'}: ${text.slice(0, 160).split(needle).join('‹HERE›')}`,
					);
				}
			}
		}
		return found;
	}
	const describeThrown = (error: unknown) =>
		error instanceof Error
			? [error.message, String(error.stack), JSON.stringify({ ...error }), String((error as { detail?: unknown }).detail ?? '')].join('\n')
			: JSON.stringify(error);

	async function call(command: string, args: unknown): Promise<void> {
		ran.add(command);
		await vscode.env.clipboard.writeText('');
		try {
			answers.push(JSON.stringify(await vscode.commands.executeCommand(command, args)) ?? '');
		} catch (error) {
			answers.push(describeThrown(error));
		}
		const clipboard = await vscode.env.clipboard.readText();
		// Copy Token and Copy Environment Exports put the token there on purpose; never the secret.
		if (command === 'adobeApi.copyToken' || command === 'adobeApi.copyEnvExports') secretOnly.push(clipboard);
		else answers.push(clipboard);
	}

	async function walkTree(node?: ExplorerNode, depth = 0): Promise<void> {
		for (const child of await api.explorer.getChildren(node)) {
			const item = api.explorer.getTreeItem(child);
			const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
			treeTexts.push(
				String(typeof item.label === 'object' ? item.label?.label : item.label),
				String(item.description ?? ''),
				tooltip,
				item.accessibilityInformation?.label ?? '',
			);
			if (depth < 3 && item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded) await walkTree(child, depth + 1);
			else if (depth < 2 && item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed && child.kind !== 'asset') {
				await walkTree(child, depth + 1);
			}
		}
	}

	before(async () => {
		({ api } = await activateExtension());
		api.services.tokens.onDidChange((id) => {
			const value = api.services.tokens.snapshot(id).token?.accessToken;
			if (value) tokens.add(value);
		});
		const { leakHunt } = (await emulatorControl<Info>('GET', 'info')).clients;
		secret = leakHunt.clientSecret;
		await emulatorControl('DELETE', 'faults');
		await vscode.commands.executeCommand('adobeApi.addProfile', {
			name: 'Leak hunt',
			apiKind: 'cloudStorage',
			clientId: leakHunt.clientId,
			clientSecret: secret,
		});
		await vscode.commands.executeCommand('adobeApi.selectProfile', { profile: 'Leak hunt' });
		await vscode.commands.executeCommand('adobeApi.generateToken', { profile: 'Leak hunt' });
		api.explorer.refresh();
		await walkTree();

		// Real asset ids to aim the explorer's commands at.
		const projects = await api.explorer.getChildren(
			(await api.explorer.getChildren((await api.explorer.getChildren())[0])).find((n) => n.kind === 'storage'),
		);
		const project = projects.find((n) => n.kind === 'asset') as Extract<ExplorerNode, { kind: 'asset' }>;
		const inProject = (await api.explorer.getChildren(project)).filter(
			(n): n is Extract<ExplorerNode, { kind: 'asset' }> => n.kind === 'asset',
		);
		const file = inProject.find((n) => n.asset.assetType === 'file') ?? inProject[0];
		const profile = 'Leak hunt';
		const destination = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'leak-hunt-download.bin');
		const storageUri = (assetPath: string) => vscode.Uri.from({ scheme: 'adobe-storage', authority: profile, path: assetPath });
		const fileUri = storageUri(file.asset.path ?? `/${project.asset.name}/${file.asset.name}`);
		const projectUri = storageUri(`/${project.asset.name}`);
		const missingUri = storageUri(`/${project.asset.name}/no-such-file.txt`);
		const uploadSource = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'leak-hunt-upload.txt');
		fs.writeFileSync(uploadSource, 'uploaded by the leak hunt\n');
		const env = `CLOUD_STORAGE_CLIENT_ID=${leakHunt.clientId}\nCLOUD_STORAGE_CLIENT_SECRET="${secret}\n`; // unterminated quote
		const requestFile = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'leak-hunt.http'));
		const auth = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';
		fs.writeFileSync(
			requestFile.fsPath,
			`GET {{$adobeEndpoint cloudStorage}}/projects\n${auth}\n\n###\nPOST {{$adobeEndpoint firefly}}/v3/images/generate-async\n${auth}\nContent-Type: application/json\n\n{"prompt": "leak"}\n`,
		);

		for (const status of FAULT_PHASES) {
			await emulatorControl('DELETE', 'faults');
			if (status) await emulatorControl('POST', 'faults', { route: '*', fault: { type: 'echo', status } });
			await call('adobeApi.refreshToken', { profile });
			await call('adobeApi.generateToken', { profile });
			await call('adobeApi.callHello', { profile });
			await call('adobeApi.verifyCredential', { profile });
			await call('adobeApi.checkSetup', { quiet: true });
			await call('adobeApi.copyCurl', { profile });
			await call('adobeApi.copyCurl', { profile, call: 'token' });
			await call('adobeApi.copyEnvExports', { profile });
			await call('adobeApi.copyEnvExports', { profile, includeSecret: true }); // needs a confirmation nobody gives here
			await call('adobeApi.copyToken', { profile });
			await call('adobeApi.explorer.showMetadata', { assetId: file.asset.assetId, profile });
			await call('adobeApi.explorer.download', { assetId: file.asset.assetId, destination, profile });
			await call('adobeApi.explorer.preview', { assetId: file.asset.assetId, profile });
			await call('adobeApi.explorer.copyAssetId', { assetId: file.asset.assetId, profile });
			await call('adobeApi.explorer.copyPath', { assetId: file.asset.assetId, profile });
			await call('adobeApi.explorer.copyCurl', { assetId: file.asset.assetId, profile });
			await call('adobeApi.explorer.filter', { assetId: project.asset.assetId, name: 'a', profile });
			// Cloud Storage's writes (#19): what they answer, reject with or put on the clipboard (a pre-signed URL, never a token).
			await call('adobeApi.storage.copyPresignedUrl', { uri: fileUri, ttlSeconds: 60 });
			await call('adobeApi.storage.showAccess', { uri: fileUri });
			await call('adobeApi.storage.changeAccess', { uri: missingUri, add: [{ email: 'leak@example.com', role: 'comment' }] });
			await call('adobeApi.storage.goTo', { target: project.asset.assetId, profile }); // a folder is revealed (a binary file would open an editor)
			await call('adobeApi.storage.showDeleted', { uri: projectUri });
			await call('adobeApi.storage.upload', { source: vscode.Uri.file(uploadSource), destination: projectUri, onConflict: 'keepBoth' });
			await call('adobeApi.storage.newFolder', { parent: projectUri, name: `Leak ${status ?? 'ok'}` });
			await call('adobeApi.storage.newProject', { profile, name: `Leak hunt ${status ?? 'ok'}` });
			// Aimed at an item that is not there: the refusals (and the echoed requests behind them) are what is read.
			await call('adobeApi.storage.rename', { uri: missingUri, name: 'renamed.txt' });
			await call('adobeApi.storage.moveTo', { uri: missingUri, destination: projectUri });
			await call('adobeApi.storage.copyTo', { uri: missingUri, destination: projectUri });
			await call('adobeApi.storage.delete', { uri: missingUri });
			await call('adobeApi.storage.restore', { uri: missingUri });
			await call('adobeApi.storage.deletePermanently', { uri: missingUri });
			// Adobe's operations (#20): the list, a refusal, and the same call as a request file (no token, no pre-signed URL in it).
			await call('adobeApi.storage.listOperations', { uri: fileUri });
			await call('adobeApi.storage.runOperation', { uri: missingUri, operation: 'photoshop.autoTone' });
			await call('adobeApi.storage.runOperation', { uri: fileUri, operation: 'photoshop.convert', requestFile: true });
			await call('adobeApi.injectTokenInTerminal', { enabled: false });
			await call('adobeApi.sendRequest', { uri: requestFile.toString(), profile });
			await call('adobeApi.sendRequest', { uri: requestFile.toString(), line: 4, profile, waitForJob: true });
			// Run All (#21): its summary quotes assertion messages and errors, which may quote what a server sent.
			await call('adobeApi.runAllRequests', { uri: requestFile.toString(), profile });
			api.explorer.refresh();
			await walkTree();
			statusTexts.push(api.statusBar.text, api.statusBar.tooltipText);
		}
		await emulatorControl('DELETE', 'faults');
		// A successful answer that quotes the token in fields we pass on (metadata, a path).
		const current = api.services.tokens.snapshot(api.services.profiles.find(profile)!.id).token!.accessToken;
		const quoting = { ...file.asset, path: `/Leak/${current}`, description: `issued to ${current}`, extra: { nested: [current] } };
		for (const command of ['adobeApi.explorer.showMetadata', 'adobeApi.explorer.copyPath']) {
			await emulatorControl('POST', 'faults', {
				route: 'storage.metadata',
				fault: { type: 'status', status: 200, body: quoting },
				times: 1,
			});
			await call(command, { assetId: file.asset.assetId, assetType: 'file', profile });
		}
		await emulatorControl('DELETE', 'faults');
		// Request files: answers that quote the token, a pasted command full of literal credentials, the history and the jobs.
		await emulatorControl('POST', 'faults', {
			route: 'storage.list',
			fault: { type: 'status', status: 200, body: { items: [], note: `issued to ${current}` } },
			times: 1,
		});
		await call('adobeApi.sendRequest', { uri: requestFile.toString(), profile });
		await call('adobeApi.importCurlAsRequest', {
			content: `curl -X POST https://ims-na1.adobelogin.com/ims/token/v3 -d client_id=${leakHunt.clientId} -d client_secret=${secret} -H "Authorization: Bearer ${current}" -H "x-api-key: ${leakHunt.clientId}"`,
		});
		await call('adobeApi.newRequestFile', { template: 'photoshopHello' });
		await call('adobeApi.showRequestHistory', {});
		await call('adobeApi.runAllRequests', { uri: requestFile.toString(), profile, bail: true });
		await call('adobeApi.selectRequestEnvironment', { name: `no-such-${secret}` });
		const [job] = api.jobs();
		await call('adobeApi.jobs.openOutput', { job: job?.id, index: 0 });
		await call('adobeApi.jobs.cancel', { id: job?.id });
		await call('adobeApi.jobs.remove', { id: job?.id });
		await call('adobeApi.jobs.clearFinished', {});
		for (const document of vscode.workspace.textDocuments) answers.push(document.getText());
		await emulatorControl('DELETE', 'faults');
		await call('adobeApi.injectTokenInTerminal', { enabled: true }); // needs a confirmation nobody gives here
		await api.terminal.update();
		injectedAfterScript = api.terminal.injected;

		// Sign in with Adobe: a user's token must not surface either, nor when Adobe fails to revoke it.
		await emulatorControl('POST', 'config', { signIn: { consent: 'approve', user: 'ada', publicRefreshTokens: true } });
		await call('adobeApi.signIn', {});
		await call('adobeApi.signInAnotherAccount', {}); // Adobe's login page: the emulator signs in as ada again
		for (const session of await api.auth.getSessions(undefined, {})) tokens.add(session.accessToken);
		const [account] = await api.auth.userAccounts();
		await emulatorControl('POST', 'faults', { route: 'ims.revoke', fault: { type: 'status', status: 500 }, times: 2 });
		await call('adobeApi.signOut', { account: account?.label });
		await call('adobeApi.signOut', { account: 'nobody@example.com' });
		await emulatorControl('DELETE', 'faults');

		// Bad input that carries the secret: the messages must describe it without echoing it.
		await call('adobeApi.importProfile', { content: env, fileName: 'leak.env' });
		await call('adobeApi.importProfile', { content: `{"client_secret": "${secret}"`, fileName: 'leak.json' });
		await call('adobeApi.importCurl', {
			content: `curl https://ims-na1.adobelogin.com/ims/token/v3 -d grant_type=client_credentials -d client_id=${secret} -d client_secret=${secret}`,
		});
		await call('adobeApi.importCurl', { content: `curl 'https://ims-na1.adobelogin.com/ims/token/v3?client_secret=${secret}` });
		await call('adobeApi.addProfile', { name: 'Leak hunt 2', apiKind: 'cloudStorage', clientId: secret, clientSecret: ` ${secret}` });
		await call('adobeApi.editProfile', { profile: 'Leak hunt', imsBaseUrl: `https://ims.example.test/${secret}` });
		await call('adobeApi.editProfile', { profile: 'Leak hunt', clientSecret: `${secret} ` });
		await call('adobeApi.selectProfile', { profile: 'Leak hunt' });
		await call('adobeApi.removeProfile', { profile: 'No such profile' });
		await call('adobeApi.clearToken', { profile: 'Leak hunt' });
		statusTexts.push(api.statusBar.text, api.statusBar.tooltipText);
	});

	it('ran every command that takes arguments, and saw the secret and a token in play', () => {
		const contributed = (
			vscode.extensions.getExtension('adobe-api-toolkit.adobe-api-toolkit')!.packageJSON.contributes.commands as Array<{ command: string }>
		).map((c) => c.command);
		const missed = contributed.filter((command) => !UI_ONLY.has(command) && !ran.has(command));
		assert.deepEqual(missed, [], 'add each new command to the leak hunt');
		assert.ok(tokens.size >= 2, `only ${tokens.size} tokens were seen`); // the first, and Refresh Token's while IMS answered
		assert.ok(answers.length > 100);
	});

	it('finds neither in what commands resolved or rejected with, nor on the clipboard', () => {
		assert.deepEqual(leaks(answers), []);
		assert.ok(
			secretOnly.some((text) => [...tokens].some((token) => text.includes(token))),
			'Copy Token did copy the token',
		);
		assert.deepEqual(leaks(secretOnly, encodedForms(secret)), [], 'and never the secret, even when a script asked for it');
	});

	it('finds neither in the log', () => {
		const lines = api.logLines();
		assert.ok(
			lines.some((line) => /echo|Rejected credentials/.test(line)),
			'the echoed error bodies reached the log (redacted)',
		);
		assert.deepEqual(leaks(lines), []);
	});

	it('finds neither in tree labels, descriptions, tooltips or accessibility labels', () => {
		assert.ok(
			treeTexts.some((text) => /Rejected credentials|echo/.test(text)),
			'the tree showed the echoed failures',
		);
		assert.deepEqual(leaks(treeTexts), []);
	});

	it('finds neither in the status bar', () => {
		assert.deepEqual(leaks(statusTexts), []);
	});

	it('gives new terminals nothing unless the user turned injection on', () => {
		assert.deepEqual(injectedAfterScript, [], 'a script turned injection on without confirmation');
		assert.deepEqual(api.terminal.injected, []);
	});

	it('keeps nothing in globalState', () => {
		assert.deepEqual(api.globalStateKeys(), []);
	});

	it('finds neither in any file under the user data folder or the workspace', () => {
		const roots = [process.env.ADOBE_TEST_USER_DIR, vscode.workspace.workspaceFolders?.[0].uri.fsPath].filter(
			(dir): dir is string => !!dir,
		);
		assert.ok(roots.length === 2, 'the host names its user data folder (ADOBE_TEST_USER_DIR)');
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (entry.isFile() && fs.statSync(full).size < 20_000_000) files.push(full);
			}
		};
		roots.forEach(walk);
		assert.ok(
			files.some((file) => file.endsWith('settings.json')),
			'the user settings file was searched',
		);
		const leaked = files.filter((file) => leaks([fs.readFileSync(file, 'latin1')]).length > 0);
		assert.deepEqual(leaked, []);
	});
});
