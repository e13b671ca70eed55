/**
 * Reading a job service's answer defensively: a status body, a Location or a statusUrl is the
 * server's word, so every field is checked for its type, URLs must be http(s) and short, and text is
 * clipped. Shared by detect.ts, readers.ts and follow.ts.
 */

/** Longest text kept from a server's answer (a message, a code, a name). */
const MAX_TEXT = 500;
/** Longest URL taken from a server's answer. */
const MAX_URL = 8192;

export function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value : undefined;
}

export function clip(value: string): string {
	return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
}

export function percent(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), 100) : undefined;
}

export function safeUrl(value: string): URL | undefined {
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

export function absoluteUrl(value: string, base: string): string | undefined {
	if (value.length > MAX_URL) return undefined;
	try {
		const url = new URL(value, base);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
	} catch {
		return undefined;
	}
}

export function httpUrl(value: unknown): string | undefined {
	const candidate = text(value);
	if (!candidate || candidate.length > MAX_URL) return undefined;
	const url = safeUrl(candidate);
	return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.toString() : undefined;
}

export function sameUrl(a: string, b: string): boolean {
	return safeUrl(a)?.toString() === safeUrl(b)?.toString();
}
