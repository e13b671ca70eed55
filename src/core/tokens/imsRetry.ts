import type { RetryPolicy } from '../common/http';

/**
 * How a token request is retried after a rate limit or gateway error: three tries after the first,
 * 0.5 s doubling, at most 30 s a wait (also the ceiling for Retry-After). Its own module, holding no
 * HTTP code, so the activation bundle (src/shared/tokens.ts) can import it without undici.
 */
export const IMS_TOKEN_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
