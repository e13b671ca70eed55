/**
 * A small strict XML 1.0 reader for the tests: it accepts only well-formed documents (one root,
 * nested tags that match, quoted attributes without duplicates, `&` only in the five predefined
 * entities or character references, no `<` in text or attribute values, only characters XML 1.0
 * allows) and returns the element tree. Enough to hold the JUnit report to the XML spec
 * (https://www.w3.org/TR/xml/#sec-well-formed) without a parser dependency. Linear in its input.
 */
export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	/** The text directly inside, entities decoded. */
	text: string;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets). */
const BAD_CHAR =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function parseXml(xml: string): XmlElement {
	const bad = BAD_CHAR.exec(xml);
	if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16)} not allowed in XML at ${bad.index}`);
	let i = 0;
	const fail = (why: string): never => {
		throw new Error(`not well-formed at ${i}: ${why} (near ${JSON.stringify(xml.slice(i, i + 30))})`);
	};
	const skipSpace = () => {
		while (i < xml.length && ' \t\r\n'.includes(xml[i])) i++;
	};
	const name = (): string => {
		NAME.lastIndex = i;
		const m = NAME.exec(xml);
		if (!m) return fail('a name expected');
		i += m[0].length;
		return m[0];
	};
	const decode = (raw: string): string => {
		if (raw.includes('<')) fail('"<" in text or attribute');
		return raw.replace(/&([^;&\s]{0,10});?/g, (all, ref: string) => {
			if (!all.endsWith(';')) fail(`bare "&" (${all})`);
			if (Object.hasOwn(ENTITIES, ref)) return ENTITIES[ref];
			const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
			if (!m) return fail(`unknown entity &${ref};`);
			const code = m[1] ? parseInt(m[1], 16) : Number(m[2]);
			const ch = String.fromCodePoint(code);
			if (BAD_CHAR.test(ch) || code > 0x10ffff) fail(`character reference to a character XML forbids (${ref})`);
			return ch;
		});
	};
	const misc = () => {
		for (;;) {
			skipSpace();
			if (xml.startsWith('<!--', i)) {
				const end = xml.indexOf('-->', i + 4);
				if (end < 0) fail('unclosed comment');
				i = end + 3;
			} else return;
		}
	};
	// Prolog.
	if (xml.startsWith('<?xml', 0)) {
		const end = xml.indexOf('?>');
		if (end < 0) fail('unclosed XML declaration');
		if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][\w.-]*")?( standalone="(yes|no)")? ?\?>$/.test(xml.slice(0, end + 2))) {
			fail('malformed XML declaration');
		}
		i = end + 2;
	}
	misc();
	const element = (): XmlElement => {
		if (xml[i] !== '<') fail('"<" expected');
		i++;
		const el: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
		for (;;) {
			const before = i;
			skipSpace();
			if (xml.startsWith('/>', i)) {
				i += 2;
				return el;
			}
			if (xml[i] === '>') {
				i++;
				break;
			}
			if (i === before) fail('space expected before an attribute');
			const attr = name();
			if (Object.hasOwn(el.attributes, attr)) fail(`duplicate attribute ${attr}`);
			skipSpace();
			if (xml[i] !== '=') fail('"=" expected');
			i++;
			skipSpace();
			const quote = xml[i];
			if (quote !== '"' && quote !== "'") fail('quoted value expected');
			const end = xml.indexOf(quote, i + 1);
			if (end < 0) fail('unclosed attribute value');
			el.attributes[attr] = decode(xml.slice(i + 1, end));
			i = end + 1;
		}
		for (;;) {
			const next = xml.indexOf('<', i);
			if (next < 0) fail(`unclosed <${el.name}>`);
			const raw = xml.slice(i, next);
			if (raw.includes(']]>')) fail('"]]>" in text');
			el.text += decode(raw);
			i = next;
			if (xml.startsWith('</', i)) {
				i += 2;
				const closing = name();
				if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
				skipSpace();
				if (xml[i] !== '>') fail('">" expected');
				i++;
				return el;
			}
			if (xml.startsWith('<!--', i)) {
				const end = xml.indexOf('-->', i + 4);
				if (end < 0) fail('unclosed comment');
				i = end + 3;
				continue;
			}
			if (xml.startsWith('<![CDATA[', i)) {
				const end = xml.indexOf(']]>', i);
				if (end < 0) fail('unclosed CDATA');
				el.text += xml.slice(i + 9, end);
				i = end + 3;
				continue;
			}
			if (xml.startsWith('<?', i) || xml.startsWith('<!', i)) fail('processing instruction or declaration inside the document');
			el.children.push(element());
		}
	};
	const root = element();
	misc();
	if (i !== xml.length) fail('content after the root element');
	return root;
}

/** Every element named `name` below `el`, depth first. */
export function elements(el: XmlElement, name: string): XmlElement[] {
	const found: XmlElement[] = [];
	const walk = (e: XmlElement) => {
		for (const c of e.children) {
			if (c.name === name) found.push(c);
			walk(c);
		}
	};
	walk(el);
	return found;
}
