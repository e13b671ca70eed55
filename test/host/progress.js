// @ts-check
/**
 * `npm start`'s phase lines, one per phase:
 *   ✔ [1/3] Test host: VS Code 1.139.1 (code-server 4.139.1) on Node 24 · 2m 3s
 * On a terminal the line of the running phase is redrawn ten times a second with a spinner, what the
 * phase is doing now and the time so far, and stays as above once the phase is done. Written
 * elsewhere (a pipe, CI, a log file), there is no spinner: each phase prints its line when done, and
 * a long step inside a phase (a first run's install) prints a line when it starts, so a log never
 * goes silent for minutes without saying why.
 */

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** 7 s, 2m 03s. @param {number} ms */
function elapsed(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * @param {number} total how many phases
 * @param {{ write(text: string): unknown, isTTY?: boolean, columns?: number }} [stream]
 * @param {() => number} [now]
 */
function createPhases(total, stream = process.stdout, now = Date.now) {
	const tty = stream.isTTY === true;
	let number = 0;
	return {
		/**
		 * Runs one phase: "`subject`: `doing`" while it runs, what `work` resolves `done` with once it is done.
		 * `step(text)` says what the phase is doing now (the spinner's text; a line of its own off a terminal).
		 * @template T
		 * @param {string} subject what the phase brings up ("Test host")
		 * @param {string} doing what it does first ("checking Chromium, Node 24 and code-server")
		 * @param {(step: (text: string) => void) => Promise<{ value: T, done: string }>} work
		 * @returns {Promise<T>}
		 */
		async run(subject, doing, work) {
			number += 1;
			const label = `[${number}/${total}]`;
			const started = now();
			let text = `${subject}: ${doing}`;
			let frame = 0;
			const fit = (/** @type {string} */ line) => {
				const width = stream.columns || 120;
				return line.length < width ? line : `${line.slice(0, Math.max(10, width - 2))}…`;
			};
			const draw = () =>
				stream.write(`\r\x1b[2K${fit(`${FRAMES[frame++ % FRAMES.length]} ${label} ${text}  ${elapsed(now() - started)}`)}`);
			const timer = tty ? setInterval(draw, 100) : undefined;
			if (tty) draw();
			const step = (/** @type {string} */ now) => {
				text = `${subject}: ${now}`;
				if (tty) draw();
				else stream.write(`  ${label} ${now}\n`);
			};
			try {
				const { value, done } = await work(step);
				clearInterval(timer);
				stream.write(`${tty ? '\r\x1b[2K✔ ' : ''}${label} ${done} · ${elapsed(now() - started)}\n`);
				return value;
			} catch (error) {
				clearInterval(timer);
				stream.write(`${tty ? '\r\x1b[2K✘ ' : ''}${label} ${subject}: failed after ${elapsed(now() - started)}\n`);
				throw error;
			}
		},
	};
}

module.exports = { createPhases, elapsed };
