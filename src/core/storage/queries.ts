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
	/** How a row's description says it, where the label is too long for a sidebar (sort orders only). */
	short?: string;
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
			{ label: 'Name, Z → A', value: '-name', short: 'Z → A' },
			{ label: 'Newest first', value: '-created', short: 'newest first' },
			{ label: 'Oldest first', value: 'created', short: 'oldest first' },
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
			{ label: 'Name, Z → A', value: '-name', short: 'Z → A' },
			{ label: 'Newest first', value: '-created', short: 'newest first' },
			{ label: 'Oldest first', value: 'created', short: 'oldest first' },
			{ label: 'Recently modified first', value: '-modified', short: 'recently modified first' },
		],
	},
};

export function listingTarget(container: StorageContainer): ListingTarget {
	return container.assetType === 'projects' ? 'projects' : 'children';
}

/** A filter's constraints: FIQL joins them with `;` (and). */
function clausesOf(filter: string | undefined): string[] {
	return filter?.trim() ? filter.split(';').map((clause) => clause.trim()) : [];
}

const CLAUSE = /^(\w+)(==|!=|=in=)(.+)$/;

/**
 * Why Adobe would refuse this filter or sort order on that listing (naming what it accepts), or
 * undefined when it is one the spec allows. FIQL constraints may be joined with `;` (and). FIQL's `,`
 * (or) is not among what the spec documents ("Following fields are supported for filtering", with
 * their operators), so it is refused like any other undocumented filter; several media types are
 * `mediaType=in=(a,b)`, which it does document.
 */
export function listingQueryProblem(target: ListingTarget, query: Pick<ListOptions, 'filter' | 'sortBy'>): string | undefined {
	const { filterFields, sortFields } = LISTING_QUERIES[target];
	const where = target === 'projects' ? 'the project list' : 'a project or folder';
	const badSort = query.sortBy?.split(',').find((part) => !sortFields.includes(part.trim().replace(/^[+-]/, '')));
	if (badSort !== undefined) {
		return `sortBy "${query.sortBy}" is not accepted for ${where}; use one of ${sortFields.join(', ')} (prefix - for descending).`;
	}
	const clauses = clausesOf(query.filter);
	const or = clauses.find((clause) => {
		const m = CLAUSE.exec(clause);
		return m !== null && m[2] !== '=in=' && /[,()]/.test(m[3]);
	});
	if (or !== undefined) {
		return `filter "${or}" is not accepted for ${where}: Adobe documents no "or" (,) in filters; for several media types use mediaType=in=(a,b).`;
	}
	const badClause = clauses.find((clause) => {
		const m = CLAUSE.exec(clause);
		const field = m ? filterFields[m[1]] : undefined;
		if (!m || !field?.operators.includes(m[2])) return true;
		const values = m[2] === '=in=' ? m[3].replace(/^\((.*)\)$/, '$1').split(',') : [m[3]];
		return (values.length > 1 && !field.multiple) || values.some((v) => field.values !== undefined && !field.values.includes(v));
	});
	if (badClause === undefined) return undefined;
	const allowed = Object.entries(filterFields).map(([name, f]) =>
		f.operators.map((op) => `${name}${op}${f.values ? f.values.join('|') : '…'}`).join(', '),
	);
	return `filter "${badClause}" is not accepted for ${where}; Adobe accepts ${allowed.join(', ')}.`;
}

/**
 * The query that lists a container's folders beside a filter by media type, or undefined when the
 * filter lets folders through already. Adobe's folders have no mediaType (components/schemas
 * folderAsset in AdobeDocs/cloud-storage static/index.yml: only fileAsset and brandAsset carry one),
 * so `mediaType==image/jpeg` alone would hide every sub-folder, and the spec documents no "or" to add
 * them to the same query. It does document `assetType==folder` (the assetsFilter example "Folders"),
 * so the folders come from a second query with the filter's other constraints (a state, say) kept.
 */
export function foldersQueryFor(filter: string | undefined): string | undefined {
	const clauses = clausesOf(filter);
	const field = (clause: string) => CLAUSE.exec(clause)?.[1];
	if (!clauses.some((clause) => field(clause) === 'mediaType') || clauses.some((clause) => field(clause) === 'assetType')) return undefined;
	return [...clauses.filter((clause) => field(clause) !== 'mediaType'), 'assetType==folder'].join(';');
}

/** A listing's filter, order and name filter in words: `short` for a row's description, `lines` for its tooltip. */
export interface QueryWords {
	short: string;
	lines: string[];
}

/**
 * Says a filter in words: the Filter… pick's labels for the choices it offers ("JPEG images"), and
 * plain words for any other filter a script set (`mediaType=in=(a,b)` → "a or b files").
 */
export function describeListingQuery(
	target: ListingTarget,
	query: { filter?: string; sortBy?: string; name?: string },
): QueryWords | undefined {
	const { filters, sorts } = LISTING_QUERIES[target];
	const what = clausesOf(query.filter)
		.map((clause) => filters.find((f) => f.value === clause)?.label ?? clauseWords(clause))
		.join(', ');
	const sort = query.sortBy ? sorts.find((s) => s.value === query.sortBy) : undefined;
	const order = query.sortBy ? `by ${query.sortBy.replace(/-(\w+)/g, '$1 descending').replace(/\+/g, '')}` : undefined;
	const name = query.name ? `“${query.name}” in name` : undefined;
	const short = [what, sort?.short ?? order, name].filter(Boolean).join(' · ');
	if (!short) return undefined;
	const lines = [
		what ? `Filter: ${what}` : undefined,
		query.sortBy ? `Order: ${sort?.label ?? order}` : undefined,
		query.name ? `Name contains: “${query.name}”` : undefined,
	];
	return { short, lines: lines.filter((line): line is string => line !== undefined) };
}

/** One FIQL constraint in words. */
function clauseWords(clause: string): string {
	const m = CLAUSE.exec(clause);
	if (!m) return clause;
	const [, field, op, value] = m;
	const values = op === '=in=' ? value.replace(/^\((.*)\)$/, '$1').split(',') : [value];
	if (field === 'mediaType') return `${values.join(' or ')} files`;
	if (field === 'assetType') return `${values.join(' or ')}s only`;
	if (field === 'state') return `${value} items`;
	if (field === 'createdBy' && value === 'current_user') return op === '!=' ? 'shared with this credential' : 'created by this credential';
	return `${field} ${op === '!=' ? 'is not' : 'is'} ${values.join(' or ')}`;
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
