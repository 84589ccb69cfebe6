// The engine-neutral driver the cross-engine suite is written against.
//
//   const browser = await launchEngine('firefox');     // 'chromium' | 'firefox' | 'webkit'
//   browser.name, browser.version                       // 'firefox', 'Firefox 153.8.0 (firefox-esr)'
//   const page = await browser.newPage(url);            // a fresh profile or context, loaded
//   await page.goto(url); await page.reload();          // full navigations, waited to 'load'
//   await page.evaluate(fn, arg)                        // fn runs in the page (self-contained,
//                                                       //   returns plain data; awaits a promise)
//   await page.waitFor(fn, arg, { step, timeout })      // polls evaluate until truthy → its value
//   await page.click(selector); await page.type(selector, text); await page.key('ArrowRight');
//   await page.fill(selector, text)                     // replaces a field's text in one input event
//   await page.screenshot()                             // → PNG Buffer
//   await page.errors(), await page.foreignRequests()   // console/page errors, requests to another origin
//   await page.close(); await browser.close();
//
// Every call has a time limit; running out rejects with an Error that names the
// engine and the step ("webkit: click .step-next: no answer within 15000 ms").
// Engine differences (how errors are collected, how text is typed, how keys are
// sent) live in chromium.mjs, firefox.mjs and webkit.mjs, not in the checks.

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** Default limits (ms): starting a browser, one page step, one wait. */
export const LIMITS = { launch: 45_000, step: 15_000, wait: 20_000 };

/**
 * promise, or a rejection naming engine and step once ms have passed. A
 * rejection of the abandoned promise after that is ignored (the step already failed).
 */
export function limit(engine, step, ms, promise) {
  let timer;
  const work = Promise.resolve(promise);
  work.catch(() => {});
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${engine}: ${step}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** True for a network URL of an origin other than `origin` (data:, blob: and about: never are). */
export function isForeign(url, origin) {
  if (!/^(https?|wss?):/i.test(url)) return false;
  return new URL(url).origin !== origin;
}

/**
 * What every engine's page shares: the timed wrapper around each primitive and
 * the helpers built on evaluate. A subclass implements the _primitives.
 */
export class EnginePage {
  constructor(engine, origin) {
    this.engine = engine;
    this.origin = origin;
    this._errors = [];
    this._foreign = [];
  }

  /**
   * Records errors and other-origin requests from a page that emits them as events
   * (Playwright and puppeteer share the shapes): 'console' and 'pageerror' on page,
   * 'request' on requests (the page, or a context that sees its workers' requests too).
   */
  listen(page, requests = page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this._errors.push(`${msg.text()} @ ${msg.location()?.url ?? ''}`);
    });
    page.on('pageerror', (err) => this._errors.push(`pageerror: ${err.message}`));
    requests.on('request', (req) => {
      if (isForeign(req.url(), this.origin)) this._foreign.push(req.url());
    });
  }

  /** promise, limited to ms; once a step has run out of time, timedOut stays true. */
  step(what, promise, ms = LIMITS.step) {
    return limit(this.engine, what, ms, promise).catch((err) => {
      if (err.message.startsWith(`${this.engine}: ${what}: no answer`)) this.timedOut = true;
      throw err;
    });
  }

  goto(url) { return this.step(`goto ${url}`, this._goto(url), LIMITS.wait); }
  reload() { return this.step('reload', this._reload(), LIMITS.wait); }
  evaluate(fn, arg) { return this.step(`evaluate ${fn.name || 'function'}`, this._evaluate(fn, arg === undefined ? null : arg)); }
  click(selector) { return this.step(`click ${selector}`, this._click(selector)); }
  type(selector, text) { return this.step(`type into ${selector}`, this._type(selector, text)); }
  key(name) { return this.step(`key ${name}`, this._key(name)); }
  screenshot() { return this.step('screenshot', this._screenshot()); }
  close() { return this.step('close the page', this._close()); }

  /** Console errors and uncaught page errors seen so far. */
  async errors() {
    await this.step('collect errors', this._collect());
    return [...this._errors];
  }

  /** URLs of requests to an origin other than the site's, seen so far. */
  async foreignRequests() {
    await this.step('collect requests', this._collect());
    return [...this._foreign];
  }

  /** Forgets what errors() and foreignRequests() have seen. */
  async clearLogs() {
    await this.step('collect errors', this._collect());
    this._errors.length = 0;
    this._foreign.length = 0;
  }

  /** Engines whose logs live in the page (WebKit's probe) fetch them here. */
  async _collect() {}

  /** Polls fn(arg) in the page every `every` ms until it returns a truthy value, which it returns. */
  async waitFor(fn, arg = null, { step = fn.name || 'a condition', timeout = LIMITS.wait, every = 100 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.step(`wait for ${step}`, this._evaluate(fn, arg), Math.max(1000, deadline - Date.now()));
        if (last) return last;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        // A navigation may replace the document between polls; try again.
        last = err.message;
      }
      if (Date.now() >= deadline) {
        throw new Error(`${this.engine}: wait for ${step}: not true within ${timeout} ms (last: ${JSON.stringify(last)})`);
      }
      await new Promise((r) => setTimeout(r, every));
    }
  }

  /** Waits until selector matches an element. */
  waitForSelector(selector, opts = {}) {
    return this.waitFor((s) => !!document.querySelector(s), selector, { step: `selector ${selector}`, ...opts });
  }

  /** textContent of the first match (null when none). */
  text(selector) {
    return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  /** Number of matches. */
  count(selector) {
    return this.evaluate((s) => document.querySelectorAll(s).length, selector);
  }

  /** Moves to another view of the loaded app as a link would (same document). */
  async hash(h) {
    await this.evaluate((x) => { location.hash = x; }, h);
  }

  /**
   * Replaces the text of an input, a textarea or an editable element (the code
   * editor's content) as one paste would: for a field, the value set and one
   * input event; for an editable element, all of it selected and the text
   * inserted in one edit. The same in every engine, so a code editor's key
   * handlers (auto-indent on Enter) do not rewrite what is typed.
   */
  async fill(selector, text) {
    const ok = await this.evaluate(([s, t]) => {
      const el = document.querySelector(s);
      if (!el) return false;
      el.focus();
      if (el.isContentEditable) {
        const range = document.createRange();
        range.selectNodeContents(el);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        document.execCommand('insertText', false, t);
        return true;
      }
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, t);
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: t }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }, [selector, text]);
    if (!ok) throw new Error(`${this.engine}: fill ${selector}: no such element`);
  }
}

async function engineModule(name) {
  if (!ENGINES.includes(name)) throw new Error(`unknown engine '${name}' (${ENGINES.join(' | ')})`);
  return import(`./${name}.mjs`);
}

/** Starts an engine → { name, version, newPage(url), close() }. */
export async function launchEngine(name) {
  return (await engineModule(name)).launch();
}

/** Vite plugins the test server needs for this engine (WebKit: the in-page probe). */
export async function sitePlugins(name) {
  return (await engineModule(name)).sitePlugins ?? [];
}
