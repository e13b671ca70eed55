/**
 * Redaction of credentials and tokens from any text that may reach a log or a message.
 * Two layers: the exact values we know are secret, and patterns that look like secrets
 * (bearer tokens, form fields, JSON fields) in case a value was never registered.
 */

export const REDACTED = '‹redacted›';

const PATTERNS: Array<[RegExp, string]> = [
	[/(\bBearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
	[/((?:client_secret|access_token|refresh_token|id_token|code_verifier|password)=)[^&\s"']+/gi, `$1${REDACTED}`],
	[/("(?:client_secret|access_token|refresh_token|id_token|clientSecret|accessToken|token)"\s*:\s*")[^"]*(")/gi, `$1${REDACTED}$2`],
];

/** Known secret values shorter than this are not replaced as plain text (they would mangle ordinary words). */
const MIN_SECRET_LENGTH = 6;

export function redact(text: string, secrets: Iterable<string> = []): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
	}
	for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
	return result;
}
