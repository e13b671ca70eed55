/**
 * REST Client's request variables: `{{name.(response|request).(body|headers).(*|JSONPath|XPath|Header Name)}}`
 * (README "Request Variables"), read from a named request's last exchange (exchanges.ts) as REST
 * Client reads them (github.com/Huachao/vscode-restclient src/utils/requestVariableCacheValueProcessor.ts):
 *
 * - `body.*` is the whole body; `body.<path>` a JSONPath (jsonPath.ts) when the body's content type
 *   is JSON (…/json or …+json), or an XPath (xpath.ts) when it is XML (…/xml or …+xml); `asJson.` and
 *   `asXml.` before the path read the body as that whatever its content type says;
 * - `headers.<Name>` is that header (case-insensitive; repeated ones joined with ", " as sent);
 * - the first JSONPath match is used, a string as it is and anything else as JSON.
 *
 * Where REST Client sends the reference's text as written (nothing sent yet, a path that finds
 * nothing, a missing header), this returns a message instead: a request is not sent with a
 * placeholder in it.
 */
import { firstValueText, queryJson } from './jsonPath';
import type { RequestExchange } from './types';
import { firstXmlValueText, queryXml } from './xpath';

/** REST Client's requestVariablePathRegex, read without a pattern: name.(request|response).(body|headers).rest */
export function parseRequestVariable(
	reference: string,
): { name: string; entity?: 'request' | 'response'; part?: 'body' | 'headers'; path?: string } | undefined {
	const first = reference.indexOf('.');
	const name = first < 0 ? reference : reference.slice(0, first);
	if (!/^\w+$/.test(name)) return undefined;
	if (first < 0) return { name };
	const second = reference.indexOf('.', first + 1);
	const entity = reference.slice(first + 1, second < 0 ? undefined : second);
	if (entity !== 'request' && entity !== 'response') return undefined;
	if (second < 0) return { name, entity };
	const third = reference.indexOf('.', second + 1);
	const part = reference.slice(second + 1, third < 0 ? undefined : third);
	if (part !== 'body' && part !== 'headers') return undefined;
	return { name, entity, part, path: third < 0 ? undefined : reference.slice(third + 1) };
}

function mediaType(headers: Readonly<Record<string, string>>): string {
	const value = Object.entries(headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1] ?? '';
	return value.split(';')[0].trim().toLowerCase();
}

const isJson = (type: string) => type === 'application/json' || type.endsWith('+json') || type === 'text/json';
const isJavaScript = (type: string) => type === 'application/javascript' || type === 'text/javascript';
const isXml = (type: string) => type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml');

/**
 * The value `reference` (written after `{{`, e.g. `login.response.body.$.token`) names in `exchange`,
 * or a message saying why there is none (without quoting any value).
 */
export function requestVariableValue(exchange: RequestExchange, reference: string): { value: string } | { error: string } {
	const parsed = parseRequestVariable(reference);
	if (!parsed) {
		return {
			error: `{{${reference}}} is not a request variable reference: write {{name.response.body.$.field}}, {{name.response.headers.Name}} or {{name.request.body.*}}.`,
		};
	}
	const { name, entity, part, path } = parsed;
	if (!entity || !part) {
		return {
			error: `{{${reference}}} names the request "${name}" but not what to take from it: add .response.body.…, .response.headers.… or .request.…`,
		};
	}
	const http = entity === 'request' ? exchange.request : exchange.response;
	if (part === 'headers') {
		if (path === undefined || path === '') {
			return { error: `{{${reference}}} needs a header name: {{${name}.${entity}.headers.Location}}.` };
		}
		const wanted = path.toLowerCase();
		const found = Object.entries(http.headers).find(([key]) => key.toLowerCase() === wanted);
		if (!found) return { error: `the ${entity} of "${name}" has no header ${path}.` };
		return { value: found[1] };
	}
	const body = http.body ?? '';
	if (body === '') return { error: `the ${entity} of "${name}" has no body.` };
	if (path === undefined || path === '') {
		return { error: `{{${reference}}} needs a path after body: * for the whole body, $.field for JSON, //element for XML.` };
	}
	if (path === '*') return { value: body };
	let rest = path;
	let force: 'json' | 'xml' | undefined;
	if (rest.startsWith('asJson.')) {
		rest = rest.slice('asJson.'.length);
		force = 'json';
	} else if (rest.startsWith('asXml.')) {
		rest = rest.slice('asXml.'.length);
		force = 'xml';
	}
	const type = mediaType(http.headers);
	if (isJson(type) || force === 'json' || isJavaScript(type)) {
		let json: unknown;
		try {
			json = JSON.parse(body);
		} catch {
			return { error: `the ${entity} body of "${name}" is not valid JSON, so {{${reference}}} cannot be read from it.` };
		}
		const result = queryJson(json, rest);
		if (result.error) return { error: result.error };
		const value = firstValueText(result);
		if (value === undefined) return { error: `the JSONPath ${rest} finds nothing in the ${entity} body of "${name}".` };
		return { value };
	}
	if (isXml(type) || force === 'xml') {
		const result = queryXml(body, rest);
		if (result.error) return { error: result.error };
		const value = firstXmlValueText(result);
		if (value === undefined) return { error: `the XPath ${rest} finds nothing in the ${entity} body of "${name}".` };
		return { value };
	}
	return {
		error: `the ${entity} body of "${name}" is ${type === '' ? 'without a content type' : type}, not JSON or XML; use body.* for all of it, or body.asJson.$… / body.asXml.//… to read it as JSON or XML.`,
	};
}
