/**
 * The rows of Import Credentials' picker, when a file holds several credentials. A .env credential is
 * named after its API ("Photoshop API"), so the API beside it would say the name twice: each row says
 * only what its name does not (the API, or that it is still to choose) and the scopes, which tell two
 * credentials of one API apart.
 */
import { API_KINDS } from './apiKinds';
import type { ImportedCredential } from './fields';

export function importPickDescription(
	credential: Pick<ImportedCredential, 'suggestedName' | 'apiKind' | 'ambiguousApiKind' | 'scopes'>,
): string {
	const api = credential.apiKind
		? API_KINDS[credential.apiKind].label
		: credential.ambiguousApiKind
			? 'API to choose (the scopes fit several)'
			: 'API not stated';
	const parts = credential.suggestedName.toLowerCase().includes(api.toLowerCase()) ? [] : [api];
	if (credential.scopes.length > 0) parts.push(credential.scopes.join(','));
	return parts.join(' · ');
}
