/** The Photoshop API's hello call: the quickest proof that a token and API key work together. */
import { HttpClient } from './http';
import { Clock, systemClock } from './logger';
import { httpError } from './responses';

export interface HelloResult {
	status: number;
	body: string;
	latencyMs: number;
	requestId?: string;
}

export interface ApiCaller {
	/** The access token from IMS. */
	accessToken: string;
	/** The credential's Client ID, sent as `x-api-key`. */
	clientId: string;
}

export class PhotoshopClient {
	constructor(
		private readonly http: HttpClient,
		private readonly baseUrl: string,
		private readonly clock: Clock = systemClock,
	) {}

	async hello(caller: ApiCaller, signal?: AbortSignal): Promise<HelloResult> {
		const res = await this.http.send({
			service: 'photoshop',
			method: 'GET',
			url: `${this.baseUrl}/pie/psdService/hello`,
			headers: { authorization: `Bearer ${caller.accessToken}`, 'x-api-key': caller.clientId },
			signal,
			secrets: [caller.accessToken],
		});
		if (res.status < 200 || res.status >= 300) {
			throw httpError('photoshop', res, ({ code }) => gatewayMessage(code), this.clock.now());
		}
		return { status: res.status, body: res.text.trim(), latencyMs: res.durationMs, requestId: res.requestId };
	}
}

/** Adobe's API gateway codes (shared by the Photoshop and Firefly services); 429050 gets the shared 429 wording. */
export function gatewayMessage(code: string | undefined): string | undefined {
	switch (code) {
		case '401013':
			return 'The Photoshop API rejected the access token (401013: Oauth token is not valid). Refresh the token; if that does not help, the Technical Account may have been revoked.';
		case '403000':
			return 'The Photoshop API needs an API key (403000: Api Key is required). The Client ID must be sent as x-api-key.';
		case '403003':
			return 'The Photoshop API rejected the API key (403003: Api Key is invalid). The x-api-key must be the Client ID of the credential that minted the token.';
		case '403010':
			return 'The Photoshop API got no access token (403010: Oauth token is missing). Generate a token first.';
		case '403011':
			return 'The access token lacks the scopes the Photoshop API needs (403011: Scope mismatch). Edit the profile\'s scopes to match the Developer Console credential and generate a new token.';
		default:
			return undefined;
	}
}
