/**
 * The API other extensions get from activate() (its contract is src/api.ts), built at activation as
 * stubs: its implementation (publicApi.ts, in dist/commands.js) is made on the first call or the
 * first listener, so an extension that never uses the API costs nothing.
 */
import type * as vscode from 'vscode';
import type { AdobeApiToolkit } from '../../api';
import { loadCommands } from '../../shared/lazy';
import type { ExtensionServices } from '../../shared/services';

export function activate(services: ExtensionServices, context: vscode.ExtensionContext): AdobeApiToolkit {
	let api: AdobeApiToolkit | undefined;
	const load = () => (api ??= loadCommands().createPublicApi(services, context.subscriptions));
	return {
		apiVersion: 1,
		listProfiles: () => load().listProfiles(),
		getAccessToken: (profileName) => load().getAccessToken(profileName),
		onDidChangeToken: (listener, thisArgs, disposables) => load().onDidChangeToken(listener, thisArgs, disposables),
	};
}

/**
 * What activate() returns: the API, frozen so no extension can swap a member under another's feet.
 * The extension's own tests (ExtensionMode.Test only) find their hooks under a non-enumerable
 * `testApi`, outside the documented members.
 */
export function exportedApi<T>(api: AdobeApiToolkit, testApi?: T): AdobeApiToolkit {
	const exported = { ...api };
	if (testApi !== undefined) Object.defineProperty(exported, 'testApi', { value: testApi, enumerable: false });
	return Object.freeze(exported);
}
