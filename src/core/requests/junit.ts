/**
 * Run results as JUnit XML, the report CI systems read (GitHub Actions test reporters, GitLab, Jenkins):
 * one <testsuite> per request file, one <testcase> per request, a <failure> per failed assertion, an
 * <error> for a request that could not be sent or checked, <skipped/> for one a --bail or a Cancel left.
 * The shape is the one Jenkins and GitLab document for JUnit reports
 * (https://github.com/testmoapp/junitxml, https://docs.gitlab.com/ci/testing/unit_test_reports/).
 *
 * Everything in it comes from RunSummary, whose messages are redacted already; the text is escaped for
 * XML 1.0 here, and characters XML 1.0 cannot carry at all (control characters, lone surrogates) are
 * replaced, so any label or message gives a well-formed document.
 */
import type { RequestRunResult, RunSummary } from './types';

export interface JunitFile {
	/** The request file as the user named it (a relative path). */
	file: string;
	summary: RunSummary;
	/** When the file's run started. */
	startedAt?: Date;
	/** A file that could not be read or run at all (not found, too large): one error test case. */
	error?: string;
}

/** Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets): C0 controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates. */
const NOT_XML_CHAR =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an attribute or element content: the five predefined entities, line breaks kept in content, encoded in attributes. */
export function xmlEscape(text: string, attribute = false): string {
	const clean = text.replace(NOT_XML_CHAR, '\ufffd');
	const escaped = clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
	return attribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped.replace(/\r/g, '&#13;');
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

/** One line of a message for an attribute: the first line, at most 500 characters. */
function headline(text: string): string {
	const first = text.split('\n', 1)[0];
	return first.length > 500 ? `${first.slice(0, 500)}…` : first;
}

function testcase(file: string, result: RequestRunResult): string {
	const name = `${result.label} (line ${result.line + 1})`;
	const open = `    <testcase name="${xmlEscape(name, true)}" classname="${xmlEscape(file, true)}" time="${seconds(result.durationMs)}"`;
	const inner: string[] = [];
	if (result.state === 'skipped') {
		inner.push(`      <skipped message="${xmlEscape(headline(result.message ?? 'skipped'), true)}"/>`);
	} else if (result.state === 'error') {
		const message = result.message ?? 'error';
		inner.push(`      <error message="${xmlEscape(headline(message), true)}" type="error">${xmlEscape(message)}</error>`);
	}
	for (const a of result.assertions.filter((x) => !x.passed)) {
		const message = `?? ${a.assertion.text} (line ${a.assertion.line + 1}): ${a.message}`;
		inner.push(`      <failure message="${xmlEscape(headline(a.message), true)}" type="assertion">${xmlEscape(message)}</failure>`);
	}
	if (result.state === 'failed' && !result.assertions.some((x) => !x.passed)) {
		const message = result.message ?? 'failed';
		inner.push(`      <failure message="${xmlEscape(headline(message), true)}" type="failure">${xmlEscape(message)}</failure>`);
	}
	if (result.status !== undefined) inner.push(`      <system-out>${xmlEscape(`status ${result.status}`)}</system-out>`);
	return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
}

function counts(results: readonly RequestRunResult[]) {
	return {
		tests: results.length,
		failures: results.filter((r) => r.state === 'failed').length,
		errors: results.filter((r) => r.state === 'error').length,
		skipped: results.filter((r) => r.state === 'skipped').length,
	};
}

/** The JUnit XML document for the runs of several files. */
export function junitXml(files: readonly JunitFile[], name = 'adobe-api-toolkit'): string {
	const suites: string[] = [];
	const total = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
	for (const f of files) {
		const results: RequestRunResult[] = f.error
			? [{ label: f.file, line: 0, state: 'error', assertions: [], message: f.error }]
			: f.summary.results;
		const c = counts(results);
		total.tests += c.tests;
		total.failures += c.failures;
		total.errors += c.errors;
		total.skipped += c.skipped;
		total.ms += f.summary.durationMs;
		const stamp = f.startedAt ? ` timestamp="${f.startedAt.toISOString().slice(0, 19)}"` : '';
		suites.push(
			[
				`  <testsuite name="${xmlEscape(f.file, true)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(f.summary.durationMs)}"${stamp}>`,
				...results.map((r) => testcase(f.file, r)),
				'  </testsuite>',
			].join('\n'),
		);
	}
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="${xmlEscape(name, true)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${seconds(total.ms)}">`,
		...suites,
		'</testsuites>',
		'',
	].join('\n');
}
