// The course walk, shared by the course-walk test and the static-host test:
// every lesson opened from the course map, every pane reached with ArrowRight
// (keyboard only), and on every pane: the math rendered (no KaTeX error) and
// every widget drawn by the core with no error status.
//   const { problems, panesSeen, widgetsSeen } = await walkCourse(page, course, siteUrl, { onPane })
// onPane(where) → [problem], optional: more checks on every pane (axe, …).
import { widgetsDrawn, widgetReport } from './pane-probes.mjs';

export async function walkCourse(page, course, siteUrl, { onPane = null } = {}) {
  const problems = [];
  let widgetsSeen = 0, panesSeen = 0;
  for (const lesson of course.lessons) {
    await page.goto(`${siteUrl}#/`);
    await page.locator(`a.lesson-link[href$="#/${lesson.id}/1"]`).first().click();
    await page.waitForFunction((id) => location.hash.startsWith(`#/${id}/1`), lesson.id);
    for (let pane = 1; pane <= lesson.panes.length; pane++) {
      if (pane > 1) {
        await page.locator('body').focus().catch(() => {});
        await page.evaluate(() => document.activeElement?.blur());
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(([id, p]) => location.hash.startsWith(`#/${id}/${p}`), [lesson.id, pane]);
      }
      await page.waitForFunction(([p, total]) => document.querySelector('main')?.textContent.includes(`${p} / ${total}`), [pane, lesson.panes.length]);
      const where = `${lesson.id}/${pane}`;
      const mathErrors = await page.locator('main .katex-error, main .math-error').count();
      if (mathErrors) problems.push(`${where}: ${mathErrors} math rendering error(s)`);
      const expectedMath = lesson.panes[pane - 1].blocks.filter((b) => b.type === 'math').length;
      const shownMath = await page.locator('main .math-block .katex-display').count();
      if (shownMath < expectedMath) problems.push(`${where}: ${shownMath} display equations shown, ${expectedMath} in the lesson`);
      await page.waitForFunction(widgetsDrawn, null, { timeout: 60_000, polling: 100 });
      const widgets = await page.evaluate(widgetReport);
      const expectedWidgets = lesson.panes[pane - 1].blocks.filter((b) => b.type === 'widget').length;
      if (widgets.length !== expectedWidgets) problems.push(`${where}: ${widgets.length} widgets shown, ${expectedWidgets} in the lesson`);
      for (const w of widgets) if (w.error) problems.push(`${where}: widget ${w.name}: ${w.error}`);
      widgetsSeen += widgets.length;
      panesSeen++;
      if (onPane) problems.push(...await onPane(where));
    }
  }
  return { problems, panesSeen, widgetsSeen };
}
