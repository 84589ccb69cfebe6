// Widget text fields under a large paste, in Chromium: the field takes at most
// its limit (printed under it) and says when a paste was cut; text longer
// than the address may carry stays out of the URL with a note, so the link
// stays small while the widget computes with the text; and a link that
// carries text past the limit is refused, named cut short, and corrected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { widgets, maxLengthOf, URL_TEXT_MAX } from '../../web/widgets/registry.js';
import { repo, sharedSite, newPage } from './harness.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();

/** The first pane whose widget offers a text control (the trained-memory widget aside) → { hash, name, option, max }. */
function paneWithText() {
  for (const l of course.lessons) {
    for (const [i, p] of l.panes.entries()) {
      for (const b of p.blocks) {
        if (b.type !== 'widget' || b.name === 'trained-memory') continue;
        const spec = widgets[b.name].options;
        const option = Object.keys(spec).find((k) => spec[k].type === 'string' && (!b.controls || b.controls.includes(k)));
        if (option) return { hash: `#/${l.id}/${i + 1}`, name: b.name, option, max: maxLengthOf(spec[option]) };
      }
    }
  }
  throw new Error('no pane has a widget with a text control');
}

const PASTE = 'many words of pasted text '.repeat(80_000);  // 2 MB

test('a 2 MB paste into a widget text field: cut to the limit shown, kept out of the URL with a note, the widget computes', async () => {
  const { hash, name, option, max } = paneWithText();
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${hash}`);
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.server.origin });
    const widget = page.locator(`[data-widget="${name}"]`).first();
    const field = widget.locator(`[data-option="${option}"] input`);
    await field.waitFor();
    await page.waitForFunction((n) => document.querySelector(`[data-widget="${n}"]`)?.dataset.state === 'ready', name, { timeout: 30_000 });
    assert.equal(await field.getAttribute('maxlength'), String(max));
    assert.match(await widget.locator(`[data-option="${option}"] .field-hint`).innerText(), new RegExp(`At most ${max.toLocaleString('en-US')} characters`));

    await page.evaluate((t) => navigator.clipboard.writeText(t), PASTE);
    await field.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Tab');  // leaving the field commits it
    const value = await field.inputValue();
    assert.equal(value.length, max, 'the field holds its limit, not 2 MB');
    const note = widget.locator(`[data-option="${option}"] .field-note`);
    assert.match(await note.innerText(), new RegExp(`cut to the limit of ${max.toLocaleString('en-US')} characters`));
    if (max > URL_TEXT_MAX) assert.match(await note.innerText(), /not written into the page's address/);
    assert.equal(await note.getAttribute('aria-live'), 'polite');
    await page.waitForFunction((n) => document.querySelector(`[data-widget="${n}"]`)?.dataset.state === 'ready', name);
    const url = await page.evaluate(() => location.href);
    assert.ok(url.length < 600, `the address is ${url.length} characters`);
    assert.ok(!url.includes('many%20words') && !url.includes('many+words'), 'the long text is not in the address');

    // a link with text past the limit: refused, named cut short, the address corrected
    const long = 'x'.repeat(max + 5000);
    await page.goto(`${site.url}${hash}?${name}.${option}=${long}`);
    const urlNote = page.locator('.url-note');
    await urlNote.waitFor();
    const said = await urlNote.innerText();
    assert.match(said, new RegExp(`takes at most ${max.toLocaleString('en-US')} characters`));
    assert.ok(said.length < 600, `the note is ${said.length} characters`);
    assert.ok((await page.evaluate(() => location.href)).length < 600, 'the address was corrected');
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
