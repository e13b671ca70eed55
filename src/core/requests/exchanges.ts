/**
 * The in-memory RequestExchangeStore (types.ts): each named request's last exchange, for REST Client's
 * request variables (`{{login.response.body.$.jobId}}`). REST Client keeps the same thing per document
 * in memory (github.com/Huachao/vscode-restclient src/utils/requestVariableCache.ts); the editor keeps
 * one store per window, a run of the CLI one per run. Nothing here is written anywhere: values are
 * unredacted (a request variable is sent as it came), so they stay in this process's memory only.
 *
 * Bounded: at most MAX_STORED_EXCHANGES names (the oldest set is dropped first); each exchange's size
 * is already bounded by the HTTP client (MAX_TEXT_BODY_BYTES) and by what a request file can send.
 */
import type { RequestExchange, RequestExchangeStore } from './types';

/** How many named requests a store remembers. */
export const MAX_STORED_EXCHANGES = 200;

export class MemoryExchangeStore implements RequestExchangeStore {
	private readonly exchanges = new Map<string, RequestExchange>();

	get(requestName: string): RequestExchange | undefined {
		return this.exchanges.get(requestName);
	}

	set(requestName: string, exchange: RequestExchange): void {
		// Re-inserting moves the name to the end: the oldest-set one is the first key.
		this.exchanges.delete(requestName);
		this.exchanges.set(requestName, exchange);
		if (this.exchanges.size > MAX_STORED_EXCHANGES) this.exchanges.delete(this.exchanges.keys().next().value as string);
	}

	/** The names with an exchange, oldest first (completion lists them). */
	names(): string[] {
		return [...this.exchanges.keys()];
	}

	clear(): void {
		this.exchanges.clear();
	}
}
