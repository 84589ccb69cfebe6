// The engine-neutral driver (driver.mjs) on Chromium: playwright-core with the
// launch of the Chromium suite (tests/e2e/harness.mjs). Console messages, page
// errors and requests arrive as Playwright events.
import { launchBrowser } from '../e2e/harness.mjs';
import { EnginePage, LIMITS, limit } from './driver.mjs';

const ENGINE = 'chromium';

class ChromiumPage extends EnginePage {
  constructor(context, page, origin) {
    super(ENGINE, origin);
    this.context = context;
    this.page = page;
    this.listen(page, context);
  }

  async _goto(url) { await this.page.goto(url, { waitUntil: 'load', timeout: 0 }); }
  async _reload() { await this.page.reload({ waitUntil: 'load', timeout: 0 }); }
  _evaluate(fn, arg) { return this.page.evaluate(fn, arg); }
  _click(selector) { return this.page.locator(selector).first().click({ timeout: 0 }); }
  async _type(selector, text) {
    const field = this.page.locator(selector).first();
    await field.fill('', { timeout: 0 });
    await field.pressSequentially(text, { timeout: 0 });
  }
  _key(name) { return this.page.keyboard.press(name); }
  _screenshot() { return this.page.screenshot(); }
  _close() { return this.context.close(); }
}

export async function launch() {
  const browser = await limit(ENGINE, 'start Chromium', LIMITS.launch, launchBrowser());
  return {
    name: ENGINE,
    version: `Chromium ${browser.version()}`,
    async newPage(url) {
      const context = await limit(ENGINE, 'new context', LIMITS.step, browser.newContext({ viewport: { width: 1280, height: 900 } }));
      const page = new ChromiumPage(context, await limit(ENGINE, 'new page', LIMITS.step, context.newPage()), new URL(url).origin);
      await page.goto(url);
      return page;
    },
    close: () => limit(ENGINE, 'close Chromium', LIMITS.step, browser.close()),
  };
}
