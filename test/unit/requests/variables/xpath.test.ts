/** Issue #21: the XPath subset and XML reader request variables use on XML bodies (core/requests/xpath.ts). */
import * as assert from 'node:assert/strict';
import { MAX_XML_CHARS, firstXmlValueText, parseXml, queryXml } from '../../../../src/core/requests/xpath';
import { assertLinear } from '../../linear';

const XML = `<?xml version="1.0"?>
<!DOCTYPE replies [<!ENTITY x "y">]>
<replies count="2">
  <!-- first -->
  <reply id="r1" by="a&amp;b">one &lt;1&gt;</reply>
  <reply id="r2"><text><![CDATA[<two>]]></text><meta k="v"/></reply>
  <other><reply id="r3">nested</reply></other>
</replies>`;

describe('request variables: XPath subset', () => {
	const first = (path: string, xml = XML) => {
		const result = queryXml(xml, path);
		assert.equal(result.error, undefined, result.error);
		return firstXmlValueText(result);
	};

	it('selects with /, //, *, [n], @attr, text() and node(), taking the first match as REST Client does', () => {
		assert.equal(first('/replies/reply/@id'), 'r1');
		assert.equal(first('//reply[2]/@id'), 'r2');
		assert.equal(first('//reply[1]/@id'), 'r1');
		assert.equal(first('/replies/other/reply'), 'nested');
		assert.equal(first('//other//reply/@id'), 'r3');
		assert.equal(first('/replies/@count'), '2');
		assert.equal(first('/replies/reply/@by'), 'a&b', 'entities decoded');
		assert.equal(first('/replies/reply/text()'), 'one <1>');
		assert.equal(first('//text/text()'), '<two>');
		assert.equal(first('/replies/*[3]/reply/@id'), 'r3');
		assert.equal(first('replies/reply[2]/meta/@k'), 'v', 'a relative path starts at the document');
		assert.equal(queryXml(XML, '//reply').matches.length, 3);
		assert.equal(queryXml(XML, '//reply/@*').matches.length, 4);
		assert.equal(queryXml(XML, '//nothing').found, false);
	});

	it("gives an element's children serialized and the document's root element, as xmldom prints them", () => {
		assert.equal(first('/replies/reply[2]'), '<text><![CDATA[<two>]]></text><meta k="v"/>');
		assert.equal(first('/replies/reply[1]'), 'one &lt;1&gt;');
		assert.equal(first('/a', '<a/>'), '');
		assert.equal(firstXmlValueText(queryXml('<a x="1"><b/></a>', '/node()')), '<b/>');
	});

	it('refuses what it does not evaluate, and XML it cannot read, saying what', () => {
		const error = (path: string, xml = XML) => queryXml(xml, path).error ?? '';
		assert.match(error('//reply[@id="r1"]'), /predicate \[@id="r1"\] other than a position/);
		assert.match(error('count(//reply)'), /calls count\(\/\/reply\)|calls count/);
		assert.match(error('//reply | //other'), /union/);
		assert.match(error('/child::replies'), /axis/);
		assert.match(error('//@id'), /attribute \(@\) can only be the last step/);
		assert.match(error('/'), /selects nothing/);
		assert.match(error('/a', '<a><b></a>'), /closes <\/a> where it should not/);
		assert.match(error('/a', '<a>'), /does not close <a>/);
		assert.match(error('/a', '<a b=1/>'), /without quotes/);
		assert.match(error('/a', 'just text'), /has no element/);
		assert.match(error('/a', `<a>${'x'.repeat(MAX_XML_CHARS)}</a>`), /longer than/);
	});

	it('reads deep documents without recursion', () => {
		// Deeper than a recursive reader or printer could go on Node's default stack.
		const depth = 30_000;
		const xml = `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
		const parsed = parseXml(xml);
		assert.ok(!('error' in parsed));
		assert.equal(queryXml(xml, '//a').matches.length, depth);
		assert.equal(firstXmlValueText(queryXml('<r><a><a>x</a></a></r>', '/r')), '<a><a>x</a></a>');
	});

	it('stays linear in the XML: doubling hostile inputs about doubles the time', async function () {
		this.timeout(60_000);
		const cases: Array<[string, (n: number) => string]> = [
			['ampersands without semicolons', (n) => `<a>${'&'.repeat(n)}</a>`],
			['declarations with a late bracket', (n) => `${'<!a>'.repeat(n / 4)}<a>[</a>`],
			['many siblings', (n) => `<r>${'<b i="1">t</b>'.repeat(n / 14)}</r>`],
			['a long unterminated attribute list', (n) => `<a${' b="c"'.repeat(n / 6)}`],
		];
		// Inputs of tens of thousands of characters, as the parser's own test (requestFile.test.ts): a
		// quadratic reader of them takes seconds; the nodes of larger ones outgrow V8's young generation,
		// and the collector's cost then jumps with the size whatever the algorithm.
		for (const [name, make] of cases) await assertLinear(name, make, (xml) => queryXml(xml, '//b/@i'), 32_000);
	});
});
