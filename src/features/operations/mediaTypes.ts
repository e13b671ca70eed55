/**
 * Whether any operation takes a file of this media type (core/operations/catalogue.ts): the explorer marks
 * such rows (`….ops` in their contextValue) so "Run Adobe Operation…" shows only where there is something to
 * run (package.json's view/item/context `when`).
 */
import { operationsFor } from '../../core/operations/catalogue';

export function takesOperations(mediaType: string | undefined): boolean {
	return mediaType !== undefined && operationsFor(mediaType).length > 0;
}
