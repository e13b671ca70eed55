/**
 * Builds the TokenManager the extension uses: tokens in SecretStorage through the profile store,
 * fetched from the profile's IMS environment through the lazily loaded network bundle, with
 * retries for rate limits and gateway errors. Every secret and token is registered with the log's
 * redactor before it could be logged.
 */
import type { CallerSource } from '../core/common/caller';
import { invalidInput } from '../core/common/errors';
import { IMS_TOKEN_RETRY } from '../core/tokens/imsRetry';
import { systemClock } from '../core/common/logger';
import { imsBaseUrlFor } from '../core/credentials/profiles';
import { StoredToken, TokenManager } from '../core/tokens/tokenManager';
import type { ProfileStore } from './profileStore';
import type { ExtensionLog } from './log';
import type { AdobeClientProvider } from './clientProvider';
import { readTokenPolicy } from './settings';

/** A signed-in user's token, from its sign-in session (the auth provider), for a profile that is one. */
export type UserTokenSource = (profileId: string, sessionId: string, signal: AbortSignal) => Promise<Omit<StoredToken, 'obtainedAt'>>;

export function createTokenManager(
	profiles: ProfileStore,
	clients: AdobeClientProvider,
	log: ExtensionLog,
	userTokens: UserTokenSource,
): TokenManager {
	return new TokenManager({
		storage: {
			read: async (id) => {
				const token = await profiles.tokenStorage.read(id);
				if (token) log.addSecret(token.accessToken);
				return token;
			},
			write: (id, token) => profiles.tokenStorage.write(id, token),
			remove: (id) => profiles.tokenStorage.remove(id),
			leases: profiles.tokenStorage.leases,
		},
		clock: systemClock,
		logger: log,
		policy: readTokenPolicy,
		// The log names profiles as the user does: "PS dev", not a UUID.
		name: (id) => {
			const profile = profiles.find(id);
			return profile ? `"${profile.name}"` : id;
		},
		fetch: async (profileId, signal) => {
			const profile = profiles.find(profileId);
			if (!profile) throw invalidInput('That profile no longer exists.', { code: 'no_profile' });
			if (profile.signedIn) return userTokens(profileId, profile.signedIn.sessionId, signal);
			const credential = await profiles.credential(profileId);
			log.addSecret(credential.clientSecret);
			const network = clients.get();
			const ims = network.imsAt(imsBaseUrlFor(profile, network.endpoints.ims));
			const token = await ims.requestToken({ ...credential, scopes: profile.scopes, apiKind: profile.apiKind }, signal, IMS_TOKEN_RETRY);
			log.addSecret(token.accessToken);
			return token;
		},
	});
}

/** The profile's Client ID and a token for it, fresh when Adobe rejected the last one (core/common/caller.ts withFreshTokenOnce). */
export function callerSource(
	services: { profiles: ProfileStore; tokens: TokenManager },
	profile: { id: string },
	signal?: AbortSignal,
): CallerSource {
	return async (forceRefresh) => {
		const { clientId } = await services.profiles.credential(profile.id);
		const token = await services.tokens.getToken(profile.id, { forceRefresh, signal });
		return { accessToken: token.accessToken, clientId };
	};
}
