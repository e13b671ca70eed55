/**
 * How the bench prints: one row per measure (name, ours, the baseline, the ratio ours/baseline), in
 * columns under the header run.ts prints. A bench file that may also run alone (`node
 * out/test/bench/storage.js`) starts through runAlone.
 */
export type Row = (name: string, ours: string, baseline: string, ratio?: number) => void;

export const printRow: Row = (name, ours, baseline, ratio) => {
	const shown = ratio === undefined ? '—' : `${ratio.toFixed(2)}×`;
	console.log(`${name.padEnd(44)} ${ours.padStart(12)} ${baseline.padStart(16)} ${shown.padStart(8)}`);
};

/** Runs one bench file's rows on their own, exiting 1 with the error when they fail. */
export function runAlone(rows: (row: Row) => Promise<void>): void {
	rows(printRow).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
