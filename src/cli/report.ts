/**
 * What the command-line runner prints: one line per request as it ends (✓/✗, status, duration), the
 * failed assertions and errors under it, and a summary. Every line passes the redactor (the Client
 * Secret, every token obtained, the values a request sent as secrets) before it is written.
 */
import type { RequestRunResult, RunSummary } from '../core/requests/types';

const MARKS: Record<RequestRunResult['state'], string> = { passed: '✓', failed: '✗', error: '✗', skipped: '-' };

/** At most this many characters of a message per line: a CI log is read by people. */
const MAX_LINE_CHARS = 400;

function cut(text: string): string {
	const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
	return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}

/** The lines for one request's result. */
export function resultLines(result: RequestRunResult): string[] {
	const facts = [
		result.status === undefined ? undefined : String(result.status),
		result.durationMs === undefined ? undefined : `${Math.round(result.durationMs)} ms`,
		result.job ? `job ${result.job.state}` : undefined,
	].filter((f) => f !== undefined);
	const head = `  ${MARKS[result.state]} ${result.label} (line ${result.line + 1})${facts.length > 0 ? `  ${facts.join('  ')}` : ''}`;
	const lines = [result.state === 'skipped' ? `${head}  skipped` : head];
	if (result.state === 'error' || (result.state === 'skipped' && result.message)) lines.push(`      ${cut(result.message ?? 'error')}`);
	for (const a of result.assertions) {
		if (!a.passed) lines.push(`      ✗ ?? ${cut(a.assertion.text)} (line ${a.assertion.line + 1}): ${cut(a.message)}`);
	}
	if (result.state === 'failed' && result.message && result.assertions.every((a) => a.passed)) lines.push(`      ${cut(result.message)}`);
	return lines;
}

export interface Totals {
	passed: number;
	failed: number;
	skipped: number;
	errors: number;
	durationMs: number;
}

export function addTotals(totals: Totals, summary: RunSummary): void {
	totals.passed += summary.passed;
	totals.failed += summary.failed;
	totals.skipped += summary.skipped;
	totals.errors += summary.errors;
	totals.durationMs += summary.durationMs;
}

/** "5 passed, 1 failed, 0 skipped (1 error) in 2.3 s" */
export function summaryLine(totals: Totals): string {
	const errors = totals.errors > 0 ? ` (${totals.errors} error${totals.errors === 1 ? '' : 's'})` : '';
	return `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${errors} in ${(totals.durationMs / 1000).toFixed(1)} s`;
}
