/**
 * The language model tools' VS Code front door: the catalogue (core/agent/catalogue.ts) and the
 * tools themselves (core/agent/tools/) are in the network bundle, shared with the MCP server; this
 * gives them the user's profiles, tokens, doctor and approved origins, and turns results into tool
 * results. package.json's `languageModelTools` lists the same tools, written by `npm run gen:manifest`
 * (a unit test keeps the two equal).
 */
import * as vscode from 'vscode';
import { confirmPersonalToken } from '../../shared/personalToken';
import { profileNamed } from '../../shared/profilePick';
import { callerSource } from '../../shared/tokens';
import type { AgentProfileInfo, AgentToolConfirmation, AgentToolHost, AgentToolName } from '../../core/agent';
import type { ProfileMeta } from '../../core/credentials/profiles';
import { tokenState } from '../../core/tokens/tokenManager';
import { approvedOrigins } from '../../shared/settings';
import { followThroughJobs, routeMemory } from '../operations/index';
import type { RequestsHost } from '../../shared/requestsHost';

export class AgentTools {
	/** Signed-in profiles (profile id and session) the user let chat tools act as, for this window's life. */
	private readonly personalAllowed = new Set<string>();

	constructor(private readonly host: RequestsHost) {}

	/**
	 * The progress line names what the tool works on (path, host, profile). Read-only tools run without
	 * asking; anything that may write shows exactly what goes where: method, URL, every header with its
	 * value (credentials hidden) and the body, as plain text in a code block nothing in it can close.
	 */
	async prepare(name: string, options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
		const network = this.host.network();
		const redact = this.host.services.log.redact;
		if (!network.isAgentToolName(name)) return {};
		const confirmation = await this.confirmation(name, options.input);
		return {
			// A string is shown as plain text (a MarkdownString would render what the model wrote).
			invocationMessage: redact(network.agentToolProgress(name, options.input)),
			confirmationMessages: confirmation && { title: confirmation.title, message: new vscode.MarkdownString(confirmation.markdown) },
		};
	}

	/**
	 * Runs the tool. A failure (bad input, a refusal, Adobe's error) is thrown, so VS Code shows the call
	 * as failed and hands the message, with its "Fix:", to the model; the message is redacted.
	 */
	async invoke(
		name: string,
		options: vscode.LanguageModelToolInvocationOptions<unknown>,
		token: vscode.CancellationToken,
	): Promise<vscode.LanguageModelToolResult> {
		const network = this.host.network();
		const { services } = this.host;
		// In a chat, VS Code showed prepare()'s confirmation. Another extension calling vscode.lm.invokeTool
		// has no chat to confirm in: the user is asked here instead, in a modal dialog (plain text).
		const confirmation = network.isAgentToolName(name) ? await this.confirmation(name, options.input) : undefined;
		if (
			confirmation &&
			options.toolInvocationToken === undefined &&
			!(await services.confirm(confirmation.title, confirmation.text, confirmation.action))
		) {
			throw new Error(
				`${confirmation.action === 'Send' ? 'Not sent' : 'Not done'}: ${confirmation.title} needs your confirmation, and it was not given.`,
			);
		}
		const controller = new AbortController();
		const cancellation = token.onCancellationRequested(() => controller.abort());
		try {
			const result = await network.invokeAgentTool(
				name,
				options.input,
				this.agentHost(chatSessionOf(options.toolInvocationToken)),
				controller.signal,
			);
			services.log.info(`[agent] ${network.isAgentToolName(name) ? name : 'unknown tool'}${result.isError ? ': failed' : ''}`);
			const text = services.log.redact(result.text);
			// The result's own "Error: " prefix is left to VS Code, which says the call failed.
			if (result.isError) throw new Error(text.replace(/^Error: /, ''));
			return textResult(text);
		} finally {
			cancellation.dispose();
		}
	}

	/** The confirmation for a request that may write, with the host's redactor and the profile's Client ID. */
	private async confirmation(name: AgentToolName, input: unknown): Promise<AgentToolConfirmation | undefined> {
		const { services } = this.host;
		const network = this.host.network();
		// Only a request that may write is confirmed: nothing else needs the profile's Client ID.
		if (!network.agentToolConfirmation(name, input)) return undefined;
		await services.profiles.ready();
		const named =
			input && typeof input === 'object' && typeof (input as { profile?: unknown }).profile === 'string'
				? (input as { profile: string }).profile
				: undefined;
		const profile = named?.trim() ? services.profiles.find(named) : services.profiles.active();
		const clientId = profile
			? await services.profiles.credential(profile.id).then(
					(pair) => pair.clientId,
					() => undefined,
				)
			: undefined;
		return network.agentToolConfirmation(name, input, { redact: services.log.redact, clientId });
	}

	/**
	 * The personal-token consent hook (src/features/signIn/personalToken.ts): a tool that would use a signed-in
	 * user's token asks first. A yes holds for that profile's session in that one chat until the window
	 * closes; a call without a chat session (another extension's invokeTool) asks every time.
	 */
	private async allowPersonal(profile: ProfileMeta, chat: string | undefined): Promise<void> {
		if (!profile.signedIn) return;
		const key = JSON.stringify([profile.id, profile.signedIn.sessionId, chat]);
		if (chat !== undefined && this.personalAllowed.has(key)) return;
		await confirmPersonalToken(this.host.services, profile, 'agentTool');
		if (chat !== undefined) this.personalAllowed.add(key);
	}

	private agentHost(chat: string | undefined): AgentToolHost {
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
				await this.allowPersonal(profile, chat);
				return { profile: info(profile), caller: callerSource(services, profile, signal) };
			},
			checkSetup: async (name, signal) => {
				await services.profiles.ready();
				const profile = name === undefined ? services.profiles.active() : profileNamed(services, name);
				if (profile) await this.allowPersonal(profile, chat);
				return this.host.setupFindings(profile, signal);
			},
			approvedOrigins,
			// adobe_run_operation: the job is followed in the Jobs view (shown, polled once, cancellable there) and the
			// route that worked is remembered per profile, as the explorer's Run Adobe Operation does (features/operations).
			operations: (source, profileName, title) => {
				const profile = profileNamed(services, profileName);
				const jobs = services.jobs?.();
				const follow = jobs
					? followThroughJobs(jobs, () => ({ title: `${title} (agent)`, profile: profile.name, profileId: profile.id, interactive: false }))
					: undefined;
				return services.clients.get().operations(source, routeMemory(this.host.context.globalState, profile.id), follow ? { follow } : {});
			},
			// adobe_upload_file reads local files only inside the workspace folders on disk (core/agent/workspaceFile.ts).
			workspaceRoots: () =>
				(vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath),
			redact: services.log.redact,
		};
	}
}

function textResult(text: string): vscode.LanguageModelToolResult {
	return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

/**
 * The chat session a tool call comes from, when VS Code says: the invocation token is opaque in the
 * API, but the chat's tokens carry its session id. Another chat, or another extension's participant
 * with a token of its own chat, is another session; no id means "ask every time".
 */
function chatSessionOf(token: vscode.ChatParticipantToolToken | undefined): string | undefined {
	const sessionId = token && typeof token === 'object' ? (token as { sessionId?: unknown }).sessionId : undefined;
	return typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined;
}
