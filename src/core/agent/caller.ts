/**
 * The token's rules for a tool: whose token (the named or active profile's, remembered for
 * redaction), once more after a 401 from the API, and only to the hosts a request file may send it
 * to (core/requests/origins.ts).
 */
import type { AgentProfileInfo, Run } from './types';
import { requestEndpoints } from '../common/endpoints';
import { isAdobeApiError } from '../common/errors';
import type { ApiCaller } from '../photoshop/client';
import { requireCredentialOrigin } from '../requests/origins';
import type { CallerSource } from '../diagnostics/verify';

/** The profile and a token source that remembers each token it gives out, for redaction. */
export async function callerFor(run: Run, profileName: string | undefined): Promise<{ profile: AgentProfileInfo; source: CallerSource }> {
	const { profile, caller } = await run.host.caller(profileName, run.signal);
	const source: CallerSource = async (forceRefresh) => {
		const answer = await caller(forceRefresh);
		if (!run.secrets.includes(answer.accessToken)) run.secrets.push(answer.accessToken);
		return answer;
	};
	return { profile, source };
}

/** Runs `fn` with the token; after a 401 from the API (not from IMS) once more with a fresh one. */
export async function withCaller<T>(source: CallerSource, fn: (caller: ApiCaller) => Promise<T>): Promise<T> {
	try {
		return await fn(await source(false));
	} catch (error) {
		if (!isAdobeApiError(error) || error.status !== 401 || error.service === 'ims') throw error;
		return fn(await source(true));
	}
}
/** Throws, naming the host, when the token may not go to `url` (request files' rule). */
export function checkOrigin(run: Run, url: URL, what: string): void {
	requireCredentialOrigin(url, requestEndpoints(run.host.clients.endpoints), run.host.approvedOrigins(), what);
}
