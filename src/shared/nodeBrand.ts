/**
 * How a command tells a clicked explorer node from a scripted argument object: nodes carry this
 * brand (features/explorer/nodes.ts sets it, non-enumerable). Here in shared/ because the command
 * policy (registerCommands.ts, profilePick.ts) needs the check and shared/ never imports features/.
 * `Symbol.for`, not `Symbol`: the nodes are made in dist/commands.js and checked in dist/extension.js,
 * each with its own copy of this file, and the registry gives both the same symbol.
 */
import type { ProfileMeta } from '../core/credentials/profiles';

export const NODE_BRAND = Symbol.for('adobeApi.explorerNode');

/** What every branded node has: the profile it belongs to. */
export interface BrandedNode {
	profile: ProfileMeta;
}

export function isBrandedNode(value: unknown): value is BrandedNode {
	return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[NODE_BRAND] === true;
}
