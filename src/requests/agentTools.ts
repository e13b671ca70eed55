/**
 * The language model tools' VS Code front door: the catalogue and the tools themselves are
 * core/agentTools.ts (in the network bundle, shared with the MCP server); this gives them the
 * user's profiles, tokens, doctor and approved origins, and turns results into tool results.
 * package.json's `languageModelTools` lists the same tools (a unit test keeps the two equal).
 */
import * as vscode from 'vscode';
import { confirmPersonalToken } from '../auth/personalToken';
import { runSetupCheck, setupFindings } from '../commands/checkSetup';
import { profileNamed } from '../commands/profilePick';
import { callerSource } from '../commands/verifyCredential';
import type { AgentProfileInfo, AgentToolHost } from '../core/agentTools';
import type { ProfileMeta } from '../core/profiles';
import { tokenState } from '../core/tokenManager';
import { approvedOrigins } from '../settings';
import type { RequestsHost } from './feature';

export class AgentTools {
	/** Signed-in profiles (profile id and session) the user let chat tools act as, for this window's life. */
	private readonly personalAllowed = new Set<string>();

	constructor(private readonly host: RequestsHost) {}

	/** Read-only tools run without asking; anything that may write names exactly what goes where. */
	prepare(name: string, options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
		const network = this.host.network();
		const redact = this.host.services.log.redact;
		if (!network.isAgentToolName(name)) return {};
		const confirmation = network.agentToolConfirmation(name, options.input);
		return {
			invocationMessage: `${network.agentToolDefinition(name).displayName}…`,
			confirmationMessages: confirmation && { title: redact(confirmation.title), message: new vscode.MarkdownString(redact(confirmation.message)) },
		};
	}

	async invoke(name: string, options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
		const network = this.host.network();
		const { services } = this.host;
		// In a chat, VS Code showed prepare()'s confirmation. Another extension calling vscode.lm.invokeTool
		// has no chat to confirm in: the user is asked here instead, in a modal dialog.
		const confirmation = network.isAgentToolName(name) ? network.agentToolConfirmation(name, options.input) : undefined;
		if (confirmation && options.toolInvocationToken === undefined && !(await services.confirm(confirmation.title, services.log.redact(confirmation.message), 'Send'))) {
			return textResult(`Error: not sent: ${confirmation.title} needs your confirmation, and it was not given.`);
		}
		const controller = new AbortController();
		const cancellation = token.onCancellationRequested(() => controller.abort());
		try {
			const result = await network.invokeAgentTool(name, options.input, this.agentHost(options.toolInvocationToken !== undefined), controller.signal);
			services.log.info(`[agent] ${name}${result.isError ? ': answered with an error' : ''}`);
			return textResult(services.log.redact(result.text));
		} finally {
			cancellation.dispose();
		}
	}

	/**
	 * The personal-token consent hook (src/auth/personalToken.ts): a tool that would use a signed-in
	 * user's token asks first. A yes in a chat holds for the profile's session until the window
	 * closes; another extension's call (no chat) asks every time.
	 */
	private async allowPersonal(profile: ProfileMeta, fromChat: boolean): Promise<void> {
		if (!profile.signedIn) return;
		const key = `${profile.id} ${profile.signedIn.sessionId}`;
		if (fromChat && this.personalAllowed.has(key)) return;
		await confirmPersonalToken(this.host.services, profile, 'agentTool');
		if (fromChat) this.personalAllowed.add(key);
	}

	private agentHost(fromChat: boolean): AgentToolHost {
		const { services } = this.host;
		const info = (profile: ProfileMeta): AgentProfileInfo => {
			const stored = services.tokens.snapshot(profile.id).token;
			return {
				name: profile.name,
				apiKind: profile.apiKind,
				scopes: profile.scopes,
				active: services.profiles.active()?.id === profile.id,
				...(profile.signedIn ? { signedIn: true } : {}),
				token: stored ? { state: tokenState(stored, Date.now()), expiresAt: new Date(stored.expiresAt).toISOString() } : { state: 'none' },
			};
		};
		return {
			clients: services.clients.get(),
			listProfiles: async () => {
				await services.profiles.ready();
				return services.profiles.list().map(info);
			},
			caller: async (name, signal) => {
				await services.profiles.ready();
				const profile = profileNamed(services, name);
				await this.allowPersonal(profile, fromChat);
				return { profile: info(profile), caller: callerSource(services, profile, signal) };
			},
			checkSetup: async (name, signal) => {
				await services.profiles.ready();
				const profile = name === undefined ? services.profiles.active() : profileNamed(services, name);
				if (profile) await this.allowPersonal(profile, fromChat);
				return setupFindings(await runSetupCheck(services, profile, signal));
			},
			approvedOrigins,
			redact: services.log.redact,
		};
	}
}

function textResult(text: string): vscode.LanguageModelToolResult {
	return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}
