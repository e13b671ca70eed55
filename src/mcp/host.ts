/**
 * The MCP server's AgentToolHost: one profile from the environment (core/credentials/envCredential.ts), its own
 * in-memory TokenManager, the Adobe clients at the configured endpoints, the setup doctor, and a
 * redactor that knows the Client Secret and every token this process obtained.
 */
import type { AgentProfileInfo, AgentToolHost } from '../core/agent';
import { runDoctor } from '../core/diagnostics/doctor';
import { EnvCredential } from '../core/credentials/envCredential';
import { invalidInput } from '../core/common/errors';
import { Clock, Logger, systemClock } from '../core/common/logger';
import { Redactor } from '../core/common/redact';
import { tokenState } from '../core/tokens/tokenManager';
import { createEnvTokens } from '../core/tokens/envTokens';
import { AdobeClients, createAdobeClients } from '../core/clients';
import type { InputRoute, RouteMemory } from '../core/operations/types';

/** HTTP timeout per request: the extension's default (adobeApi.requestTimeoutSeconds). */
const TIMEOUT_MS = 30_000;

export interface EnvToolHost extends AgentToolHost {
	dispose(): Promise<void>;
}

export function createEnvToolHost(
	credential: EnvCredential,
	redactor: Redactor,
	logger: Logger,
	options: { clock?: Clock; userAgent?: string; workspaceRoot?: string } = {},
): EnvToolHost {
	const clock = options.clock ?? systemClock;
	const clients: AdobeClients = createAdobeClients({
		endpoints: credential.endpoints,
		timeoutMs: TIMEOUT_MS,
		logger,
		clock,
		userAgent: options.userAgent,
	});
	// The token setup the command-line runner shares (core/tokens/envTokens.ts); it adds the secret and each token to the redactor.
	const tokens = createEnvTokens(credential, { ims: clients.ims, redactor, logger, clock });
	const token = tokens.token;
	let route: InputRoute | undefined;
	const routeMemory: RouteMemory = { get: () => route, set: (worked) => void (route = worked) };

	const profile = (): AgentProfileInfo => {
		const current = tokens.snapshot().token;
		const now = clock.now();
		const state = tokenState(current, now);
		return {
			name: credential.profileName,
			apiKind: credential.apiKind,
			scopes: [...credential.scopes],
			active: true,
			token: current ? { state, expiresAt: new Date(current.expiresAt).toISOString() } : { state },
		};
	};

	/** Only the one profile: a name given must be its name (compared as the extension compares names, ignoring case). */
	const checkName = (name: string | undefined) => {
		if (name === undefined || name.trim().toLowerCase() === credential.profileName.toLowerCase()) return;
		throw invalidInput(
			`This MCP server has one profile, "${credential.profileName}" (from its environment), not "${name.trim().slice(0, 64)}". Omit the profile, or run another server with the other credential.`,
			{ code: 'no_profile' },
		);
	};

	return {
		clients,
		clock,
		listProfiles: () => [profile()],
		caller: async (name, signal) => {
			checkName(name);
			return {
				profile: profile(),
				caller: async (forceRefresh) => ({
					accessToken: (await token({ forceRefresh, signal })).accessToken,
					clientId: credential.clientId,
				}),
			};
		},
		checkSetup: async (name, signal) => {
			checkName(name);
			const report = await runDoctor({
				clients: () => clients,
				profile: {
					name: credential.profileName,
					apiKind: credential.apiKind,
					scopes: credential.scopes,
					imsBaseUrl: (configured) => configured,
					credential: async () => ({ clientId: credential.clientId, clientSecret: credential.clientSecret }),
					token,
				},
				clock,
				logger,
				signal,
			});
			return report.findings;
		},
		approvedOrigins: () => credential.approvedOrigins,
		// adobe_run_operation: the route that worked (Creative Cloud or pre-signed) is remembered for this one profile while the server runs.
		operations: (source) => clients.operations(source, routeMemory),
		workspaceRoots: () => (options.workspaceRoot ? [options.workspaceRoot] : []),
		redact: (text) => redactor.redact(text),
		dispose: async () => {
			tokens.dispose();
			await clients.close();
		},
	};
}
