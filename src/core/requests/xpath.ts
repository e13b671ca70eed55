/**
 * An XPath subset for REST Client's request variables on XML bodies
 * (`{{getReplies.response.body.//reply[1]/@id}}`, README "Request Variables"). REST Client parses the
 * body with xmldom and selects with the `xpath` package, then takes the first node: an element gives
 * its children serialized, an attribute or a text node its value, the document its root element
 * serialized (github.com/Huachao/vscode-restclient src/utils/requestVariableCacheValueProcessor.ts,
 * resolveXmlHttpBody). This module reads the paths people write for that, with a small XML reader of
 * its own:
 *
 *   /a/b   a/b   //b   /a//b   *   [n] (1-based position among the step's matches under one parent)
 *   @attr  @*  text()  node()   as the last step (@ and text()), or anywhere (node())
 *
 * Refused, with a message: functions other than text()/node(), other predicates, axes (`::`), unions.
 * Names are compared as written (prefix included); namespaces are not resolved (xpath with xmldom
 * does not match `//b` against an element in a default namespace; this subset does).
 *
 * Bounded and linear: the XML is read once, left to right, with indexOf (at most MAX_XML_CHARS), and
 * without recursion (depth cannot overflow the stack); an evaluation stops after MAX_XPATH_VISITS nodes.
 */

export const MAX_XML_CHARS = 10 * 1024 * 1024;
export const MAX_XPATH_CHARS = 1000;
export const MAX_XPATH_VISITS = 1_000_000;

export type XmlNode =
	| { type: 'element'; name: string; attributes: Array<{ name: string; value: string }>; children: XmlNode[]; order: number }
	| { type: 'text'; value: string; cdata: boolean; order: number }
	| { type: 'comment'; value: string; order: number }
	| { type: 'document'; children: XmlNode[]; order: number };

type XmlElement = Extract<XmlNode, { type: 'element' }>;
type XmlParent = Extract<XmlNode, { type: 'element' | 'document' }>;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** `&lt;` `&#60;` `&#x3c;` and the other predefined entities replaced; an unknown one kept as written. */
function decode(text: string): string {
	if (!text.includes('&')) return text;
	let out = '';
	let last = 0;
	for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
		// An entity is short: looking further for its ";" would read a run of "&" again for each one.
		const semicolon = text.slice(i + 1, i + 12).indexOf(';');
		if (semicolon < 0) continue;
		const end = i + 1 + semicolon;
		const name = text.slice(i + 1, end);
		let value: string | undefined;
		if (Object.hasOwn(ENTITIES, name)) value = ENTITIES[name];
		else if (/^#\d{1,7}$/.test(name)) value = safeCodePoint(Number(name.slice(1)));
		else if (/^#x[0-9a-fA-F]{1,6}$/.test(name)) value = safeCodePoint(parseInt(name.slice(2), 16));
		if (value === undefined) continue;
		out += text.slice(last, i) + value;
		last = end + 1;
	}
	return out + text.slice(last);
}

function safeCodePoint(code: number): string | undefined {
	return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

const NAME_END = /[\s/>=]/;

/** The document, or a message naming the first thing it could not read. */
export function parseXml(text: string): { document: XmlParent } | { error: string } {
	if (text.length > MAX_XML_CHARS) return { error: `the XML body is longer than ${MAX_XML_CHARS.toLocaleString('en-US')} characters.` };
	let order = 0;
	const document: XmlParent = { type: 'document', children: [], order: order++ };
	const stack: XmlParent[] = [document];
	let i = 0;
	const fail = (what: string) => ({ error: `the XML body ${what} (at character ${i + 1}).` });
	while (i < text.length) {
		const top = stack[stack.length - 1];
		const lt = text.indexOf('<', i);
		const textEnd = lt < 0 ? text.length : lt;
		if (textEnd > i) {
			const value = decode(text.slice(i, textEnd));
			// Whitespace outside the root element is not a node (xmldom keeps none there either).
			if (top.type === 'element' || value.trim() !== '') top.children.push({ type: 'text', value, cdata: false, order: order++ });
			i = textEnd;
			continue;
		}
		if (text.startsWith('<!--', i)) {
			const end = text.indexOf('-->', i + 4);
			if (end < 0) return fail('has a comment that does not end');
			top.children.push({ type: 'comment', value: text.slice(i + 4, end), order: order++ });
			i = end + 3;
		} else if (text.startsWith('<![CDATA[', i)) {
			const end = text.indexOf(']]>', i + 9);
			if (end < 0) return fail('has a CDATA section that does not end');
			top.children.push({ type: 'text', value: text.slice(i + 9, end), cdata: true, order: order++ });
			i = end + 3;
		} else if (text.startsWith('<?', i)) {
			const end = text.indexOf('?>', i + 2);
			if (end < 0) return fail('has a processing instruction that does not end');
			i = end + 2;
		} else if (text.startsWith('<!', i)) {
			// A DOCTYPE: skipped, with its internal subset ([…]); entities it declares are not expanded.
			const close = text.indexOf('>', i);
			if (close < 0) return fail('has a declaration that does not end');
			const bracket = text.slice(i, close).indexOf('[');
			if (bracket >= 0) {
				const end = text.indexOf(']', i + bracket);
				const after = end < 0 ? -1 : text.indexOf('>', end);
				if (after < 0) return fail('has a declaration that does not end');
				i = after + 1;
			} else i = close + 1;
		} else if (text[i + 1] === '/') {
			const close = text.indexOf('>', i);
			if (close < 0) return fail('has an end tag that does not end');
			const name = text.slice(i + 2, close).trim();
			if (top.type !== 'element' || top.name !== name) return fail(`closes </${name}> where it should not`);
			stack.pop();
			i = close + 1;
		} else {
			let j = i + 1;
			while (j < text.length && !NAME_END.test(text[j])) j++;
			const name = text.slice(i + 1, j);
			if (name === '') return fail('has a "<" that starts no tag');
			const element: XmlElement = { type: 'element', name, attributes: [], children: [], order: order++ };
			let selfClosing = false;
			for (;;) {
				while (j < text.length && /\s/.test(text[j])) j++;
				if (j >= text.length) return fail(`has a tag <${name}> that does not end`);
				if (text[j] === '>') {
					j++;
					break;
				}
				if (text.startsWith('/>', j)) {
					selfClosing = true;
					j += 2;
					break;
				}
				const start = j;
				while (j < text.length && !NAME_END.test(text[j])) j++;
				const attribute = text.slice(start, j);
				while (j < text.length && /\s/.test(text[j])) j++;
				if (attribute === '' || text[j] !== '=') return fail(`has an attribute without a value in <${name}>`);
				j++;
				while (j < text.length && /\s/.test(text[j])) j++;
				const quote = text[j];
				if (quote !== '"' && quote !== "'") return fail(`has an attribute value without quotes in <${name}>`);
				const end = text.indexOf(quote, j + 1);
				if (end < 0) return fail(`has an attribute value that does not end in <${name}>`);
				element.attributes.push({ name: attribute, value: decode(text.slice(j + 1, end)) });
				j = end + 1;
			}
			top.children.push(element);
			if (!selfClosing) stack.push(element);
			i = j;
		}
	}
	if (stack.length > 1) return fail(`does not close <${(stack[stack.length - 1] as XmlElement).name}>`);
	if (!document.children.some((c) => c.type === 'element')) return fail('has no element');
	return { document };
}

type Step =
	| { axis: 'child' | 'descendant'; test: 'name'; name: string; position?: number }
	| { axis: 'child' | 'descendant'; test: 'any' | 'text' | 'node'; position?: number }
	| { axis: 'attribute'; name: string };

/** The path's steps, or what in it is not supported. */
export function parseXPath(path: string): { steps: Step[] } | { error: string } {
	const text = path.trim();
	if (text.length > MAX_XPATH_CHARS) return { error: `the XPath is longer than ${MAX_XPATH_CHARS} characters.` };
	if (text === '' || text === '/') return { error: 'the XPath selects nothing; write /root/element, //element or //element/@attribute.' };
	if (text.includes('::')) return { error: `the XPath "${path}" uses an axis (::), which is not supported; use /, // and @.` };
	if (text.includes('|')) return { error: `the XPath "${path}" is a union (|), which is not supported; use one path.` };
	const steps: Step[] = [];
	let i = 0;
	let descendant = false;
	while (i < text.length) {
		if (text.startsWith('//', i)) {
			descendant = true;
			i += 2;
		} else if (text[i] === '/') {
			descendant = false;
			i += 1;
		} else if (i !== 0) return { error: `the XPath "${path}" has "${text[i]}" where "/" should be (at character ${i + 1}).` };
		let end = i;
		while (end < text.length && text[end] !== '/' && text[end] !== '[') end++;
		const word = text.slice(i, end).trim();
		let position: number | undefined;
		if (text[end] === '[') {
			const close = text.indexOf(']', end);
			const inside = close < 0 ? '' : text.slice(end + 1, close).trim();
			if (!/^[1-9]\d{0,8}$/.test(inside)) {
				return { error: `the XPath "${path}" has a predicate [${inside}] other than a position ([1], [2], …), which is not supported.` };
			}
			position = Number(inside);
			end = close + 1;
			if (end < text.length && text[end] !== '/') {
				return { error: `the XPath "${path}" has more than one predicate in a step, which is not supported.` };
			}
		}
		const axis = descendant ? 'descendant' : 'child';
		if (word === '') return { error: `the XPath "${path}" has an empty step (at character ${i + 1}).` };
		if (word.startsWith('@')) {
			if (position !== undefined || end < text.length || descendant) {
				return { error: `the XPath "${path}": an attribute (@) can only be the last step, right after "/".` };
			}
			steps.push({ axis: 'attribute', name: word.slice(1) });
		} else if (word === 'text()') {
			steps.push({ axis, test: 'text', position });
		} else if (word === 'node()') {
			steps.push({ axis, test: 'node', position });
		} else if (word === '*') {
			steps.push({ axis, test: 'any', position });
		} else if (word.includes('(')) {
			return { error: `the XPath "${path}" calls ${word}; only text() and node() are supported.` };
		} else if (/[\s"'=<>!]/.test(word)) {
			return { error: `the XPath "${path}" has "${word}", which is not an element name.` };
		} else steps.push({ axis, test: 'name', name: word, position });
		i = end;
	}
	return { steps };
}

class VisitBudget extends Error {}

export type XPathMatch = { kind: 'node'; node: XmlNode } | { kind: 'attribute'; value: string };

/** Evaluates `path` against an XML text; the matches in document order. Never throws. */
export function queryXml(xml: string, path: string): { found: boolean; matches: XPathMatch[]; error?: string } {
	const parsedPath = parseXPath(path);
	if ('error' in parsedPath) return { found: false, matches: [], error: parsedPath.error };
	const parsed = parseXml(xml);
	if ('error' in parsed) return { found: false, matches: [], error: parsed.error };
	let visits = 0;
	const visit = () => {
		if (++visits > MAX_XPATH_VISITS) throw new VisitBudget();
	};
	let current: XmlNode[] = [parsed.document];
	let attributes: string[] | undefined;
	try {
		for (const step of parsedPath.steps) {
			if (step.axis === 'attribute') {
				attributes = [];
				for (const node of current) {
					if (node.type !== 'element') continue;
					for (const a of node.attributes) {
						visit();
						if (step.name === '*' || a.name === step.name) attributes.push(a.value);
					}
				}
				break;
			}
			const contexts = step.axis === 'descendant' ? selfAndDescendants(current, visit) : current;
			const next: XmlNode[] = [];
			const seen = new Set<XmlNode>();
			for (const context of contexts) {
				if (context.type !== 'element' && context.type !== 'document') continue;
				const matching = context.children.filter((child) => (visit(), matches(step, child)));
				const picked = step.position === undefined ? matching : matching.slice(step.position - 1, step.position);
				for (const node of picked) {
					if (!seen.has(node)) {
						seen.add(node);
						next.push(node);
					}
				}
			}
			current = next.sort((a, b) => a.order - b.order);
		}
	} catch (error) {
		if (error instanceof VisitBudget) {
			return {
				found: false,
				matches: [],
				error: `the XPath "${path}" visits more than ${MAX_XPATH_VISITS.toLocaleString('en-US')} nodes.`,
			};
		}
		throw error;
	}
	const found: XPathMatch[] = attributes
		? attributes.map((value) => ({ kind: 'attribute', value }))
		: current.map((node) => ({ kind: 'node', node }));
	return { found: found.length > 0, matches: found };
}

function matches(step: Exclude<Step, { axis: 'attribute' }>, node: XmlNode): boolean {
	if (step.test === 'node') return true;
	if (step.test === 'text') return node.type === 'text';
	if (node.type !== 'element') return false;
	if (step.test === 'name') return node.name === step.name;
	return step.test === 'any';
}

/** The nodes and everything below them, each once, without recursion. */
function selfAndDescendants(nodes: XmlNode[], visit: () => void): XmlNode[] {
	const out: XmlNode[] = [];
	const seen = new Set<XmlNode>();
	const stack = [...nodes].reverse();
	while (stack.length > 0) {
		const node = stack.pop() as XmlNode;
		if (seen.has(node)) continue;
		seen.add(node);
		visit();
		out.push(node);
		if (node.type === 'element' || node.type === 'document') {
			for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
		}
	}
	return out;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/** Nodes serialized as xmldom's toString() writes them, without recursion. */
export function serializeXml(nodes: readonly XmlNode[]): string {
	let out = '';
	const stack: Array<XmlNode | string> = [...nodes].reverse();
	while (stack.length > 0) {
		const item = stack.pop() as XmlNode | string;
		if (typeof item === 'string') {
			out += item;
			continue;
		}
		if (item.type === 'text') out += item.cdata ? `<![CDATA[${item.value}]]>` : escapeText(item.value);
		else if (item.type === 'comment') out += `<!--${item.value}-->`;
		else if (item.type === 'document') for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i]);
		else {
			const attributes = item.attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
			if (item.children.length === 0) {
				out += `<${item.name}${attributes}/>`;
				continue;
			}
			out += `<${item.name}${attributes}>`;
			stack.push(`</${item.name}>`);
			for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i]);
		}
	}
	return out;
}

/** REST Client's value of the first match: an element's children serialized, the document's root element, an attribute's or a text's value. */
export function firstXmlValueText(result: { found: boolean; matches: XPathMatch[] }): string | undefined {
	const first = result.matches[0];
	if (!first) return undefined;
	if (first.kind === 'attribute') return first.value;
	const node = first.node;
	if (node.type === 'text' || node.type === 'comment') return node.value;
	if (node.type === 'document') return serializeXml(node.children.filter((c) => c.type === 'element').slice(0, 1));
	return serializeXml(node.children);
}
