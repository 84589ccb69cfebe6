// The engine-neutral driver (driver.mjs) on Firefox: Debian's firefox-esr,
// headless, driven by puppeteer-core over WebDriver BiDi (no browser download).
// Each page gets its own user context (a fresh, empty profile state). Console
// messages, page errors and requests arrive as BiDi events.
import puppeteer from 'puppeteer-core';
import { EnginePage, LIMITS, limit } from './driver.mjs';

const ENGINE = 'firefox';
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

class FirefoxPage extends EnginePage {
  constructor(context, page, origin) {
    super(ENGINE, origin);
    this.context = context;
    this.page = page;
    this.listen(page);
  }

  async _goto(url) { await this.page.goto(url, { waitUntil: 'load', timeout: 0 }); }
  async _reload() { await this.page.reload({ waitUntil: 'load', timeout: 0 }); }
  // BiDi serialises the function's source; the result must be plain data.
  _evaluate(fn, arg) { return this.page.evaluate(fn, arg); }
  _click(selector) { return this.page.locator(selector).setTimeout(LIMITS.step).click(); }
  async _type(selector, text) {
    await this.page.evaluate((s) => { document.querySelector(s).value = ''; }, selector);
    await this.page.type(selector, text);
  }
  _key(name) { return this.page.keyboard.press(name); }
  async _screenshot() { return Buffer.from(await this.page.screenshot()); }
  _close() { return this.context.close(); }
}

export async function launch() {
  const browser = await limit(ENGINE, 'start Firefox', LIMITS.launch,
    puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocolTimeout: LIMITS.launch }));
  const version = `${(await browser.version()).replace(/^firefox\//i, 'Firefox ')} (${FIREFOX.split('/').pop()})`;
  return {
    name: ENGINE,
    version,
    async newPage(url) {
      const context = await limit(ENGINE, 'new user context', LIMITS.step, browser.createBrowserContext());
      const raw = await limit(ENGINE, 'new page', LIMITS.step, context.newPage());
      await limit(ENGINE, 'set the viewport', LIMITS.step, raw.setViewport({ width: 1280, height: 900 }));
      const page = new FirefoxPage(context, raw, new URL(url).origin);
      await page.goto(url);
      return page;
    },
    close: () => limit(ENGINE, 'close Firefox', LIMITS.step, browser.close()),
  };
}
