/**
 * What Adobe Cloud Storage accepts in listing queries, and what to tell a user whose project list is
 * empty. Kept apart from client.ts (which needs the HTTP client) so the explorer can offer
 * these at activation without loading undici.
 */
import type { ListOptions, StorageContainer } from './types';

/** The two kinds of listing, which accept different filters and sort orders. */
export type ListingTarget = 'projects' | 'children';

interface FilterField {
	operators: string[];
	/** The only values Adobe documents, when it names them. */
	values?: string[];
	/** `=in=(a,b)` allowed. */
	multiple?: boolean;
}

export interface ListingQueryChoice {
	label: string;
	value: string | undefined;
}

/**
 * What each listing accepts, from Adobe's Cloud Storage OpenAPI spec (AdobeDocs/cloud-storage
 * static/index.yml, vendored as test/contract/cloud-storage/openapi.yml): `components/parameters`
 * projectsFilter and projectsSortBy for `GET /projects`, assetsFilter and assetsSortBy for
 * `GET /{projects|folders}/{id}/children`. Anything else is answered 422 validation_error.
 */
export const LISTING_QUERIES: Record<
	ListingTarget,
	{ filterFields: Record<string, FilterField>; sortFields: string[]; filters: ListingQueryChoice[]; sorts: ListingQueryChoice[] }
> = {
	projects: {
		filterFields: {
			state: { operators: ['=='], values: ['active', 'deleted'] },
			createdBy: { operators: ['==', '!='], values: ['current_user'] },
		},
		sortFields: ['name', 'created'],
		filters: [
			{ label: 'All projects', value: undefined },
			{ label: 'Created by this credential', value: 'createdBy==current_user' },
			{ label: 'Shared with this credential', value: 'createdBy!=current_user' },
			{ label: 'Deleted projects', value: 'state==deleted' },
		],
		sorts: [
			{ label: 'Name, A → Z', value: undefined },
			{ label: 'Name, Z → A', value: '-name' },
			{ label: 'Newest first', value: '-created' },
			{ label: 'Oldest first', value: 'created' },
		],
	},
	children: {
		filterFields: {
			mediaType: { operators: ['==', '=in='], multiple: true },
			assetType: { operators: ['=='] },
			state: { operators: ['=='], values: ['active', 'deleted'] },
		},
		sortFields: ['name', 'created', 'modified'],
		filters: [
			{ label: 'All items', value: undefined },
			{ label: 'Files only', value: 'assetType==file' },
			{ label: 'Folders only', value: 'assetType==folder' },
			{ label: 'PNG images', value: 'mediaType==image/png' },
			{ label: 'JPEG images', value: 'mediaType==image/jpeg' },
			{ label: 'Photoshop documents', value: 'mediaType==image/vnd.adobe.photoshop' },
			{ label: 'PDF documents', value: 'mediaType==application/pdf' },
			{ label: 'Deleted items', value: 'state==deleted' },
		],
		sorts: [
			{ label: 'Name, A → Z', value: undefined },
			{ label: 'Name, Z → A', value: '-name' },
			{ label: 'Newest first', value: '-created' },
			{ label: 'Oldest first', value: 'created' },
			{ label: 'Recently modified first', value: '-modified' },
		],
	},
};

export function listingTarget(container: StorageContainer): ListingTarget {
	return container.assetType === 'projects' ? 'projects' : 'children';
}

/**
 * Why Adobe would refuse this filter or sort order on that listing (naming what it accepts), or
 * undefined when it is one the spec allows. FIQL constraints may be joined with `;`.
 */
export function listingQueryProblem(target: ListingTarget, query: Pick<ListOptions, 'filter' | 'sortBy'>): string | undefined {
	const { filterFields, sortFields } = LISTING_QUERIES[target];
	const where = target === 'projects' ? 'the project list' : 'a project or folder';
	const badSort = query.sortBy?.split(',').find((part) => !sortFields.includes(part.trim().replace(/^[+-]/, '')));
	if (badSort !== undefined) {
		return `sortBy "${query.sortBy}" is not accepted for ${where}; use one of ${sortFields.join(', ')} (prefix - for descending).`;
	}
	const badClause = (query.filter?.trim() ? query.filter.split(';') : []).find((clause) => {
		const m = /^(\w+)(==|!=|=in=)(.+)$/.exec(clause.trim());
		const field = m ? filterFields[m[1]] : undefined;
		if (!m || !field?.operators.includes(m[2])) return true;
		const values = m[2] === '=in=' ? m[3].replace(/^\((.*)\)$/, '$1').split(',') : [m[3]];
		return (values.length > 1 && !field.multiple) || values.some((v) => field.values !== undefined && !field.values.includes(v));
	});
	if (badClause === undefined) return undefined;
	const allowed = Object.entries(filterFields).map(([name, f]) =>
		f.operators.map((op) => `${name}${op}${f.values ? f.values.join('|') : '…'}`).join(', '),
	);
	return `filter "${badClause.trim()}" is not accepted for ${where}; Adobe accepts ${allowed.join(', ')}.`;
}

/** Adobe's Technical Account setup guide (AdobeDocs/cloud-storage src/pages/guides/getting-started/technical-account-setup.md). */
export const TECHNICAL_ACCOUNT_SETUP_URL = 'https://developer.adobe.com/cloud-storage/guides/getting-started/technical-account-setup';

/**
 * Why a Technical Account may see no projects, and the fix, after the same guide: an Admin adds it
 * as an Administrator with the Storage administrator role, and gives it a product profile that
 * includes Enterprise Storage. `GET /projects` documents no 403, so an empty list is all it shows.
 */
export const TECHNICAL_ACCOUNT_FIX =
	'An Admin fixes that in the Adobe Admin Console: Users → API Credentials → the credential: copy the Technical Account email; Administrators → Add admin → that email → Storage administrator; ' +
	'and on the credential, Products → a product profile that includes Enterprise Storage.';

export const EMPTY_PROJECT_LIST_ADVICE =
	'Adobe lists only the projects a credential may access, so an OAuth Server-to-Server credential whose Technical Account is not set up sees an empty list, not an error. ' +
	TECHNICAL_ACCOUNT_FIX;
