/**
 * The language model tools (vscode.lm): registered at activation under the names package.json
 * contributes (the catalogue itself is core/agent/tools.ts, in dist/network.js); their front door is
 * in dist/requests.js and loads on a tool's first use.
 */
import * as vscode from 'vscode';
import type { RequestsLoader } from '../requests/index';

export function activate(context: vscode.ExtensionContext, requests: RequestsLoader): void {
	const tools = (context.extension.packageJSON.contributes?.languageModelTools ?? []) as Array<{ name: string }>;
	const registerTool = typeof vscode.lm?.registerTool === 'function' ? vscode.lm.registerTool : undefined;
	if (!registerTool) return;
	context.subscriptions.push(
		...tools.map(({ name }) =>
			registerTool(name, {
				prepareInvocation: (options) => requests.get().agentTools.prepare(name, options),
				invoke: (options, token) => requests.get().agentTools.invoke(name, options, token),
			}),
		),
	);
}
