import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from './helpers';

describe('activation', () => {
	it('is installed, activates, and reports its VS Code host', async () => {
		const { extension, api } = await activateExtension();
		assert.equal(extension.isActive, true);
		assert.equal(extension.id, EXTENSION_ID);
		// A coarse guard against awaited work at activation (a network call would take longer); the
		// bench (npm run bench) measures activation properly, outside a host busy starting up.
		assert.ok(api.activatedInMs < 3000, `activation took ${api.activatedInMs} ms`);
		console.log(
			`    (running in VS Code ${vscode.version}, ${vscode.env.appHost}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web UI' : 'desktop UI'})`,
		);
	});

	it('loads no HTTP code at activation', async () => {
		const { api } = await activateExtension();
		assert.equal(api.isNetworkLoaded(), false, 'dist/network.js was required before any command needed the network');
		// An empty Jobs view shows its welcome text without it: dist/requests.js waits for a request file or command.
		assert.equal(api.isRequestsLoaded(), false, 'dist/requests.js was required at activation');
		// The profile commands' dialogs wait for their first command.
		assert.equal(api.isCommandsLoaded(), false, 'dist/commands.js was required at activation');
	});

	it('registers every contributed command, and contributes every adobeApi command it registers', async () => {
		const { extension } = await activateExtension();
		const contributed: string[] = extension.packageJSON.contributes.commands.map((c: { command: string }) => c.command).sort();
		// VS Code adds focus/visibility commands for each view; those are not ours to contribute.
		const viewCommand = /^adobeApi\.(explorer|jobs)\.(focus|open|resetViewLocation|toggleVisibility|removeView)$/;
		const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('adobeApi.') && !viewCommand.test(id)).sort();
		assert.ok(contributed.length >= 3);
		assert.deepEqual(registered, contributed);
	});

	it('contributes the activity-bar container and the explorer view, which can be shown', async () => {
		const { extension } = await activateExtension();
		const contributes = extension.packageJSON.contributes;
		assert.deepEqual(
			contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
			['adobeApi'],
		);
		assert.deepEqual(
			contributes.views.adobeApi.map((v: { id: string }) => v.id),
			['adobeApi.explorer', 'adobeApi.jobs'],
		);
		assert.ok(contributes.viewsWelcome.some((w: { view: string }) => w.view === 'adobeApi.explorer'));
		assert.ok(contributes.viewsWelcome.some((w: { view: string }) => w.view === 'adobeApi.jobs'));
		await vscode.commands.executeCommand('workbench.view.extension.adobeApi');
		await vscode.commands.executeCommand('adobeApi.explorer.focus');
		await vscode.commands.executeCommand('adobeApi.jobs.focus');
	});

	it('round-trips a secret through SecretStorage and announces the change', async () => {
		const { api } = await activateExtension();
		const changed = new Promise<string>((resolve) => {
			const subscription = api.services.keychain.onDidChange((key: string) => {
				if (key !== 'test.roundTrip') return;
				subscription.dispose();
				resolve(key);
			});
		});
		const value = `secret-${Date.now()}-${Math.random().toString(36).slice(2)}`;
		await api.services.keychain.store('test.roundTrip', value);
		assert.equal(await changed, 'test.roundTrip');
		assert.equal(await api.services.keychain.get('test.roundTrip'), value);
		await api.services.keychain.delete('test.roundTrip');
		assert.equal(await api.services.keychain.get('test.roundTrip'), undefined);
		assert.ok(!api.logLines().some((line) => line.includes(value)), 'the secret reached the log');
	});
});
