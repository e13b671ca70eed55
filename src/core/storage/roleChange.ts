/**
 * A change of who has access, checked before anything is sent (issue #19): the body of Adobe's
 * patchProjectRoles / patchFileRoles (test/contract/cloud-storage/openapi.yml, schemas/patchAssetRolesRequest).
 * Pure and small, so the explorer checks a change before asking the user (features/explorer/storageCommands.ts)
 * and the writer checks it again before sending (writes.ts).
 */
import { invalidInput } from '../common/errors';
import type { RoleChange } from './writeTypes';

/** patchAssetRolesRequest's limits: each list has maxItems 10; the roles one may give (roleEnums: edit, comment). */
export const ROLE_CHANGE_LIMITS = { maxPerList: 10, roles: ['edit', 'comment'] as readonly string[] };
/** An email as Adobe's `mailto:` recipient takes it: one @, no spaces or angle brackets, at most 254 characters. */
const EMAIL = /^[^\s@<>:,;"]{1,64}@[^\s@<>:,;"]+\.[^\s@<>:,;"]+$/;

const PREFIX = 'Who has access: ';
const SUFFIX = ' Nothing was changed.';

/** The request body for patch*Roles from a RoleChange, or an invalidInput saying what is wrong (nothing is sent). */
export function rolesRequest(change: RoleChange): { direct: Record<string, unknown[]> } {
	const bad = (message: string) => invalidInput(`${PREFIX}${message}${SUFFIX}`, { service: 'cloudStorage' });
	const list = <T>(value: T[] | undefined, name: string): T[] => {
		if (value === undefined) return [];
		if (!Array.isArray(value)) throw bad(`"${name}" must be a list.`);
		if (value.length > ROLE_CHANGE_LIMITS.maxPerList) {
			throw bad(
				`Adobe takes at most ${ROLE_CHANGE_LIMITS.maxPerList} entries per list (patchAssetRolesRequest); "${name}" has ${value.length}.`,
			);
		}
		return value;
	};
	const role = (value: unknown, who: string, everybody = false) => {
		if (typeof value !== 'string' || !ROLE_CHANGE_LIMITS.roles.includes(value)) {
			throw bad(`the role for ${who} must be "edit" or "comment".`);
		}
		if (everybody && value !== 'comment') {
			throw bad('everyone in the organisation (_everybody) can only be given "comment" (Adobe\'s rule).');
		}
		return value;
	};
	const text = (value: unknown, what: string) => {
		if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
			throw bad(`each entry needs ${what} (at most 256 characters).`);
		}
		return value.trim();
	};
	const seen = new Set<string>();
	const once = (key: string) => {
		if (seen.has(key)) throw bad(`${key.slice(0, 80)} is named twice; Adobe takes each principal once per change.`);
		seen.add(key);
	};
	const additions = list(change.add, 'add').map((entry) => {
		if (!entry || typeof entry !== 'object') throw bad('each addition is { email, role } or { group, role }.');
		if (entry.email !== undefined) {
			const email = text(entry.email, 'an email').toLowerCase();
			if (email.length > 254 || !EMAIL.test(email)) throw bad(`"${email.slice(0, 80)}" is not an email address.`);
			once(`mailto:${email}`);
			return { recipient: `mailto:${email}`, type: 'user', role: role(entry.role, email) };
		}
		const group = text(entry.group, 'an email or a group name');
		const predefined = group === '_everybody' || group === 'authenticated' || group === 'all';
		if (group === 'all') throw bad('"all" is a read-only principal and cannot be added (Adobe\'s rule).');
		once(`name:${group}`);
		return { recipient: `name:${group}`, type: predefined ? 'predefined' : 'group', role: role(entry.role, group, group === '_everybody') };
	});
	const updates = list(change.update, 'update').map((entry) => {
		const id = text(entry?.id, 'an id');
		once(id);
		return { id, type: text(entry.type, 'a type'), role: role(entry.role, id, id === 'orgEverybody' || id === '_everybody') };
	});
	const deletions = list(change.remove, 'remove').map((entry) => {
		const id = text(entry?.id, 'an id');
		once(id);
		return { id, type: text(entry.type, 'a type') };
	});
	if (additions.length + updates.length + deletions.length === 0) throw bad('there is nothing to change.');
	return { direct: { additions, updates, deletions } };
}

/** "jane@example.com, group:Designers" (what Change Access's input box takes) as additions, each with `role`. */
export function additionsOf(text: string, role: string): Array<{ email?: string; group?: string; role: string }> {
	return text
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean)
		.map((v) => (v.startsWith('group:') ? { group: v.slice(6).trim(), role } : { email: v, role }));
}

/** What is wrong with the input box's text by rolesRequest's own rules (the role not yet picked), or undefined. */
export function additionsProblem(text: string): string | undefined {
	const add = additionsOf(text, 'comment');
	if (add.length === 0) return 'Type at least one email.';
	try {
		rolesRequest({ add });
		return undefined;
	} catch (error) {
		// In the box itself, what is wrong is enough: the box says what it is for, and nothing is sent yet.
		const message = (error instanceof Error ? error.message : String(error)).replace(PREFIX, '').replace(SUFFIX, '');
		return message.charAt(0).toUpperCase() + message.slice(1);
	}
}
