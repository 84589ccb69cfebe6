// Shared by the browser tests of the graded exercises (Chromium and the
// cross-engine suite): where an exercise lives, the storage key of progress,
// and a plausible wrong answer.
export const PROGRESS_KEY = 'lml.progress.v1';

/** '#/lesson/pane' of the pane that embeds exercise `id`. */
/** '#/<lesson>/<pane>' of the first pane that embeds widget `name`. */
export function paneWithWidget(course, name) {
  for (const l of course.lessons) {
    const i = l.panes.findIndex((p) => p.blocks.some((b) => b.type === 'widget' && b.name === name));
    if (i >= 0) return `#/${l.id}/${i + 1}`;
  }
  throw new Error(`no pane embeds widget ${name}`);
}

export function paneOf(course, id) {
  for (const l of course.lessons) {
    const i = l.panes.findIndex((p) => p.blocks.some((b) => b.type === 'exercise' && b.id === id));
    if (i >= 0) return `#/${l.id}/${i + 1}`;
  }
  throw new Error(`no pane embeds ${id}`);
}

/** softmax-stable answered without the max shift: overflows on the 1000-logit example. */
export const NAIVE_SOFTMAX = `function softmax(rows) {
  return rows.map((row) => {
    const e = row.map((x) => Math.exp(x));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  });
}`;

/** The verdict the naive softmax gets (the case named, the values shown). */
export const NAIVE_SOFTMAX_VERDICT = /^Failed: 1 of 2 cases did not pass\. First: example 2: 1×3 logits near 1000: at \[0\]\[0\] expected 0\.09003\d*, got NaN; 3 of 3 entries differ \(shape \[1, 3\] as expected; tolerance: /;

/** Replaces the code in the editor of exercise locator `ex` (a Playwright locator), as one paste would. */
export async function setCode(ex, code) {
  await ex.locator('.cm-content').fill(code);
}

/** The code in the editor of exercise locator `ex`, line by line as the editor holds it. */
export async function codeOf(ex) {
  return (await ex.locator('.cm-content .cm-line').allTextContents()).join('\n');
}

/** Waits until exercise `id`'s live region holds a verdict (not the busy text) and returns it. */
export async function verdictOf(page, id, timeout = 20000) {
  await page.waitForFunction((i) => {
    const s = document.querySelector(`[data-exercise="${i}"] .exercise-status`);
    return s && s.textContent && s.dataset.tone !== 'busy';
  }, id, { timeout });
  return page.locator(`[data-exercise="${id}"] .exercise-status`).innerText();
}

/**
 * Run in a page (page.evaluate(fillStorage)): fills this origin's localStorage to
 * its quota, as another script of the site could, under keys 'other-app-<n>'
 * (largest first) → { keys, bytes }. Every engine's quota and error differ;
 * whatever the error, the halving stops at one character.
 */
export function fillStorage() {
  let chunk = 'x'.repeat(1 << 20);
  let keys = 0;
  let bytes = 0;
  while (chunk.length > 0) {
    try {
      localStorage.setItem(`other-app-${keys}`, chunk);
      bytes += 2 * chunk.length;
      keys++;
    } catch {
      chunk = chunk.slice(0, chunk.length >> 1);
    }
  }
  return { keys, bytes };
}

/**
 * A solution preceded by attempts to make code from text (eval, new Function,
 * a function's constructor, a timer given a string): its top level throws, so
 * the answer cannot pass, unless every attempt is refused. A pass therefore
 * says both: code from text is refused in the sandbox, and the learner's own
 * code still runs and is graded.
 */
export function withCodeFromTextAttempts(solution) {
  return `const made = [];
for (const [what, make] of [
  ['eval', () => eval('1')],
  ['new Function', () => new Function('return 1')()],
  ['a constructor', () => (() => {}).constructor('return 1')()],
  ['setTimeout with a string', () => setTimeout('self.__made = 1', 0)],
]) {
  try { make(); made.push(what); } catch (e) { /* refused */ }
}
if (made.length) throw new Error('code was made from text: ' + made.join(', '));
${solution}`;
}
