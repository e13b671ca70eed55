/**
 * The agent tool host the write-tool tests share: the emulator's demo credential as the one profile
 * "Demo", a fresh token from the emulator's IMS for each call (recorded in `tokens`, so a test can
 * check that no answer carries one), and a redactor that knows the client secret.
 */
import type { AgentProfileInfo, AgentToolHost } from '../../../src/core/agent';
import type { AdobeClients } from '../../../src/core/clients';
import { Redactor } from '../../../src/core/common/redact';
import { DEMO_CLIENTS, FakeClock } from '../helpers';

export function demoToolHost(
	clients: AdobeClients,
	workspaceRoots: string[],
	overrides: Partial<AgentToolHost> = {},
): AgentToolHost & { tokens: string[] } {
	const client = DEMO_CLIENTS.demo;
	const redactor = new Redactor();
	redactor.add(client.clientSecret);
	const profile: AgentProfileInfo = {
		name: 'Demo',
		apiKind: 'cloudStorage',
		scopes: client.scopes,
		active: true,
		token: { state: 'valid' },
	};
	const tokens: string[] = [];
	return {
		tokens,
		clients,
		listProfiles: () => [profile],
		caller: async () => ({
			profile,
			caller: async () => {
				const token = await clients.ims.requestToken({
					clientId: client.clientId,
					clientSecret: client.clientSecret,
					scopes: client.scopes,
				});
				tokens.push(token.accessToken);
				return { accessToken: token.accessToken, clientId: client.clientId };
			},
		}),
		checkSetup: async () => [],
		approvedOrigins: () => [],
		redact: (text) => redactor.redact(text),
		clock: new FakeClock(),
		workspaceRoots: () => workspaceRoots,
		...overrides,
	};
}
