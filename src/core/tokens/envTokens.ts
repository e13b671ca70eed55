/**
 * The token of one credential read from the environment (core/credentials/envCredential.ts), for the
 * front doors that run without VS Code's profile store: the MCP server (src/mcp/host.ts) and the
 * command-line runner (src/cli/). One in-memory TokenManager: a token lives as long as the process,
 * a new one is fetched when it runs low, and every token obtained joins the redactor before it is
 * returned, so no log line, error or output can show it.
 */
import type { EnvCredential } from '../credentials/envCredential';
import type { Clock, Logger } from '../common/logger';
import type { Redactor } from '../common/redact';
import type { ImsClient } from './ims';
import { IMS_TOKEN_RETRY } from './imsRetry';
import { StoredToken, TokenManager, TokenSnapshot } from './tokenManager';

/** The one profile's id in the token manager. */
const PROFILE_ID = 'environment';

export interface EnvTokens {
	/** A valid token; `forceRefresh` after a 401 fetches a new one. */
	token(options: { forceRefresh: boolean; signal?: AbortSignal }): Promise<StoredToken>;
	/** The newest token held, even expired (for display). */
	snapshot(): TokenSnapshot;
	dispose(): void;
}

/**
 * The credential's tokens from IMS (`ims`, at the configured endpoint). The Client Secret joins the
 * redactor at once, each token as it arrives.
 */
export function createEnvTokens(
	credential: EnvCredential,
	deps: { ims: Pick<ImsClient, 'requestToken'>; redactor: Redactor; logger: Logger; clock: Clock },
): EnvTokens {
	const { redactor, logger } = deps;
	redactor.add(credential.clientSecret);
	const stored = new Map<string, StoredToken>();
	const tokens = new TokenManager({
		// Nothing outlives the process: a token lives in memory only, and a new one is fetched when it runs low.
		storage: {
			read: async (id) => stored.get(id),
			write: async (id, token) => void stored.set(id, token),
			remove: async (id) => void stored.delete(id),
		},
		clock: deps.clock,
		logger,
		policy: () => ({ autoRefresh: false, refreshLeadMs: 60 * 60_000 }),
		fetch: async (_id, signal) => {
			const token = await deps.ims.requestToken(
				{ clientId: credential.clientId, clientSecret: credential.clientSecret, scopes: credential.scopes, apiKind: credential.apiKind },
				signal,
				IMS_TOKEN_RETRY,
			);
			redactor.add(token.accessToken);
			logger.info(`[tokens] new access token for "${credential.profileName}", valid until ${new Date(token.expiresAt).toISOString()}`);
			return token;
		},
	});
	return {
		token: (options) => tokens.getToken(PROFILE_ID, options),
		snapshot: () => tokens.snapshot(PROFILE_ID),
		dispose: () => tokens.dispose(),
	};
}
