/**
 * The token's rules for a tool: whose token (the named or active profile's, remembered for
 * redaction; a 401 is core/common/caller.ts's withFreshTokenOnce), and only to the hosts a request file may send it
 * to (core/requests/origins.ts).
 */
import type { AgentProfileInfo, Run } from './types';
import { requestEndpoints } from '../common/endpoints';
import { requireCredentialOrigin } from '../requests/origins';
import type { CallerSource } from '../common/caller';

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

/** Throws, naming the host, when the token may not go to `url` (request files' rule). */
export function checkOrigin(run: Run, url: URL, what: string): void {
	requireCredentialOrigin(url, requestEndpoints(run.host.clients.endpoints), run.host.approvedOrigins(), what);
}
