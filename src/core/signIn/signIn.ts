/**
 * One browser sign-in, start to finish: PKCE, a loopback listener, the authorize URL, the code
 * exchange and the account's name. IMS only redirects to an HTTPS URI registered on the credential
 * (ims.md: "this URI must be HTTPS"), so `redirect_uri` is an HTTPS relay page and `state` carries
 * the loopback URL it forwards to, as VS Code's GitHub sign-in does with https://vscode.dev/redirect
 * (microsoft/vscode extensions/github-authentication/src/flows.ts, LocalServerFlow, and
 * src/node/authServer.ts: state = `http://127.0.0.1:${port}/callback?nonce=…`, the form that relay
 * is known to forward). As there, the browser is sent to the listener's own `/signin?nonce=…`, which
 * redirects to the authorize URL: the authorize URL and its `state` never pass through
 * vscode.Uri's re-encoding or a remote workbench's URL rewriting.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { AdobeApiError } from '../common/errors';
import { UserAuthClient, UserInfo, UserTokens, authorizeError, authorizeUrl, createPkce } from './oauth';

/** IMS's answers to prompt=none that only a sign-in with a page can resolve (IMS.md, Authorize Request, `prompt`). */
export const INTERACTION_NEEDED: ReadonlySet<string> = new Set(['login_required', 'consent_required', 'interaction_required']);

/** How long the browser may take (VS Code's GitHub loopback flow waits 5 minutes too). */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface BrowserSignIn {
	auth: UserAuthClient;
	imsBaseUrl: string;
	clientId: string;
	redirectUri: string;
	scopes: readonly string[];
	/** `none`: no page at Adobe; `login`: the login page even when someone is signed in there (another account). */
	prompt?: 'none' | 'login';
	/**
	 * With prompt `none`: when IMS answers that it needs the user (login_required, consent_required,
	 * interaction_required), the same browser tab goes on to the sign-in page instead of failing.
	 */
	pageIfNeeded?: boolean;
	/** Opens the authorize URL in the user's browser (vscode.env.openExternal in the extension). */
	openBrowser(url: string): Promise<void>;
	/** Registers the PKCE verifier and the authorization code with the log's redactor, before anything could show them. */
	remember?(secret: string): void;
	signal?: AbortSignal;
	timeoutMs?: number;
}

export interface SignedIn {
	tokens: UserTokens;
	user: UserInfo;
}

export async function signInWithBrowser(options: BrowserSignIn): Promise<SignedIn> {
	const pkce = createPkce();
	options.remember?.(pkce.verifier);
	const callback = await LoopbackCallback.start(options.timeoutMs ?? SIGN_IN_TIMEOUT_MS, options.signal);
	let code: string;
	try {
		const request = {
			imsBaseUrl: options.imsBaseUrl,
			clientId: options.clientId,
			redirectUri: options.redirectUri,
			scopes: options.scopes,
			state: callback.url,
			codeChallenge: pkce.challenge,
		};
		callback.authorizeUrl = authorizeUrl({ ...request, prompt: options.prompt });
		// The same request without prompt=none: Adobe's page, if Adobe needs the user after all.
		if (options.prompt === 'none' && options.pageIfNeeded) callback.fallbackUrl = authorizeUrl(request);
		await options.openBrowser(callback.signInUrl);
		code = await callback.code;
		options.remember?.(code);
	} finally {
		callback.close();
	}
	const tokens = await options.auth.exchangeCode(options.clientId, code, pkce.verifier, options.scopes, options.signal);
	const user = await options.auth.userInfo(options.clientId, tokens.accessToken, options.signal);
	return { tokens, user };
}

/**
 * A listener on 127.0.0.1 at a random port: `GET /signin?nonce=…` redirects to the authorize URL;
 * `GET /callback?nonce=…` with its nonce and, as `state`, its own callback URL delivers the code.
 * It answers the browser with a short page and closes.
 */
export class LoopbackCallback {
	readonly code: Promise<string>;
	/** Where /signin sends the browser; set before the browser is opened. */
	authorizeUrl = '';
	/** Where a silent attempt that IMS cannot answer without the user continues (same state and PKCE challenge); once. */
	fallbackUrl = '';
	private settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
	private readonly timer: NodeJS.Timeout;
	private readonly onAbort = () => this.settle.reject(new AdobeApiError('Sign-in was cancelled.', { kind: 'cancelled', service: 'ims' }));

	private constructor(
		private readonly server: http.Server,
		private readonly nonce: string,
		/** The callback URL, which is also the `state` sent to IMS. */
		readonly url: string,
		/** What the browser opens first. */
		readonly signInUrl: string,
		timeoutMs: number,
		private readonly signal?: AbortSignal,
	) {
		this.code = new Promise<string>((resolve, reject) => (this.settle = { resolve, reject }));
		this.code.catch(() => undefined);
		this.timer = setTimeout(
			() =>
				this.settle.reject(
					new AdobeApiError(`Sign-in timed out after ${Math.round(timeoutMs / 60_000)} minutes without an answer from the browser.`, {
						kind: 'timeout',
						service: 'ims',
					}),
				),
			timeoutMs,
		);
		signal?.addEventListener('abort', this.onAbort, { once: true });
		server.on('request', (req, res) => this.handle(req, res));
	}

	static async start(timeoutMs: number, signal?: AbortSignal): Promise<LoopbackCallback> {
		if (signal?.aborted) throw new AdobeApiError('Sign-in was cancelled.', { kind: 'cancelled', service: 'ims' });
		const server = http.createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		const port = (server.address() as { port: number }).port;
		const nonce = randomBytes(16).toString('base64url');
		const base = `http://127.0.0.1:${port}`;
		return new LoopbackCallback(server, nonce, `${base}/callback?nonce=${nonce}`, `${base}/signin?nonce=${nonce}`, timeoutMs, signal);
	}

	close(): void {
		clearTimeout(this.timer);
		this.signal?.removeEventListener('abort', this.onAbort);
		this.server.close();
		this.server.closeIdleConnections();
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		let url: URL;
		try {
			url = new URL(req.url ?? '/', this.url);
		} catch {
			// A request target URL cannot parse (e.g. `//[`): not ours; a throw here would be an uncaught exception in the extension host.
			res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
			res.end('Bad request');
			return;
		}
		const ours = req.method === 'GET' && url.searchParams.get('nonce') === this.nonce;
		if (ours && url.pathname === '/signin' && this.authorizeUrl) {
			res.writeHead(302, { location: this.authorizeUrl, 'cache-control': 'no-store', connection: 'close' });
			res.end();
			return;
		}
		if (!ours || url.pathname !== '/callback' || url.searchParams.get('state') !== this.url) {
			// Not our answer (a stray request, or a forged one without the nonce): ignore it, keep waiting.
			res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
			res.end('Not found');
			return;
		}
		const error = url.searchParams.get('error');
		const code = url.searchParams.get('code');
		if (error && this.fallbackUrl && INTERACTION_NEEDED.has(error)) {
			// No silent sign-in: this tab goes on to Adobe's page (one tab, no error page in between).
			const next = this.fallbackUrl;
			this.fallbackUrl = '';
			res.writeHead(302, { location: next, 'cache-control': 'no-store', connection: 'close' });
			res.end();
			return;
		}
		if (error) {
			const failure = authorizeError(error.slice(0, 100), url.searchParams.get('error_description') ?? undefined);
			page(res, 'Sign-in did not complete', failure.message);
			this.settle.reject(failure);
		} else if (code) {
			page(res, 'Signed in to Adobe', 'You can close this tab and return to VS Code.');
			this.settle.resolve(code);
		} else {
			page(res, 'Sign-in did not complete', 'Adobe sent neither a code nor an error.');
			this.settle.reject(
				new AdobeApiError('Adobe IMS answered the sign-in with neither a code nor an error.', { kind: 'badResponse', service: 'ims' }),
			);
		}
	}
}

function page(res: http.ServerResponse, title: string, text: string): void {
	const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
	res.writeHead(200, {
		'content-type': 'text/html; charset=utf-8',
		connection: 'close',
		'cache-control': 'no-store',
		'referrer-policy': 'no-referrer',
	});
	res.end(
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p id="message">${escape(text)}</p></body></html>`,
	);
}
