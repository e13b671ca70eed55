/** adobe_list_profiles: the user's Adobe profiles, their API kinds, scopes and token state. */
import type { AgentTool, AgentToolDefinition, AgentToolResult, Run } from '../types';

const LIST_PROFILES: AgentToolDefinition = {
	name: 'adobe_list_profiles',
	toolReferenceName: 'adobeProfiles',
	displayName: 'List Adobe Profiles',
	modelDescription:
		'Lists the Adobe API credential profiles the user has configured: for each, its name, API kind (cloudStorage, photoshop, firefly, contentAuthenticity, custom), ' +
		'scopes, whether it is the active profile, and its access token state (none, valid, expiring, expired) with the expiry time. Never returns a token or secret. ' +
		'Use it first to learn which profile names the other adobe_* tools accept, or to answer "which Adobe credentials do I have?".',
	userDescription: 'List your Adobe profiles, their API kinds, scopes and token state.',
	tags: ['adobe', 'credentials'],
	inputSchema: { type: 'object', properties: {}, additionalProperties: false },
	readOnly: true,
};

const MAX_PROFILES_LISTED = 100;

async function listProfiles(run: Run): Promise<AgentToolResult> {
	const all = await run.host.listProfiles();
	// Only the documented fields: whatever else a host's objects carry stays out.
	const profiles = all.slice(0, MAX_PROFILES_LISTED).map((p) => ({
		name: p.name,
		apiKind: p.apiKind,
		scopes: [...p.scopes],
		active: p.active,
		...(p.signedIn !== undefined ? { signedIn: p.signedIn } : {}),
		token: { state: p.token.state, ...(p.token.expiresAt ? { expiresAt: p.token.expiresAt } : {}) },
	}));
	if (profiles.length === 0) {
		return {
			text: 'No Adobe profiles are configured. Add one (or import a credential file), then use the other adobe_* tools.',
			data: { count: 0, profiles: [] },
		};
	}
	const lines = profiles.map((p) => {
		const token =
			p.token.state === 'none' ? 'no token yet' : `token ${p.token.state}${p.token.expiresAt ? ` (expires ${p.token.expiresAt})` : ''}`;
		const signedIn = p.signedIn === undefined ? '' : p.signedIn ? ' · signed in' : ' · not signed in';
		return `- ${p.name}${p.active ? ' (active)' : ''} · ${p.apiKind} · scopes: ${p.scopes.join(', ') || 'none'} · ${token}${signedIn}`;
	});
	const more = all.length > profiles.length ? `\n(${all.length - profiles.length} more not listed)` : '';
	const active = profiles.find((p) => p.active)?.name;
	return {
		text: `${all.length} Adobe profile${all.length === 1 ? '' : 's'}:\n${lines.join('\n')}${more}`,
		data: { count: all.length, ...(active ? { active } : {}), profiles },
	};
}

export const listProfilesTool: AgentTool = { definition: LIST_PROFILES, run: listProfiles };
