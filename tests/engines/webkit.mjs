// The engine-neutral driver (driver.mjs) on WebKit: WebKitGTK's MiniBrowser,
// driven by WebKitWebDriver over classic WebDriver (selenium-webdriver), on a
// virtual X display (xvfb-run). Without a display, session creation hangs
// rather than failing, so every step here has a time limit, and closing kills
// the whole process group (xvfb-run, Xvfb, the driver and the browser).
//
// Engine differences handled here:
// - no console or network events: an in-page probe (webkit-probe.mjs), put in
//   index.html by the test server, records errors and other-origin requests;
// - one page = one WebDriver session (a fresh, ephemeral browsing profile);
// - clicks scroll the element to the middle of the view first (classic
//   WebDriver refuses a click on an element another one covers).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { Builder, By, Key } from 'selenium-webdriver';
import { freePort } from '../e2e/harness.mjs';
import { EnginePage, LIMITS, limit } from './driver.mjs';
import { probePlugin, drainProbe } from './webkit-probe.mjs';

const ENGINE = 'webkit';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH || findMiniBrowser();

/** Debian installs MiniBrowser under /usr/lib/<multiarch triplet>/<webkit API dir>/. */
function findMiniBrowser() {
  const triplets = fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').filter((d) => /-linux-gnu/.test(d)) : [];
  for (const t of triplets) {
    for (const api of ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0']) {
      const p = `/usr/lib/${t}/${api}/MiniBrowser`;
      if (fs.existsSync(p)) return p;
    }
  }
  return '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}

export const sitePlugins = [probePlugin()];

const KEYS = {
  ArrowRight: Key.ARROW_RIGHT, ArrowLeft: Key.ARROW_LEFT, ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN,
  Enter: Key.ENTER, Tab: Key.TAB, Escape: Key.ESCAPE, Home: Key.HOME, End: Key.END, Space: Key.SPACE,
};

class WebKitPage extends EnginePage {
  constructor(driver, origin, discard) {
    super(ENGINE, origin);
    this.driver = driver;
    this.discard = discard;
  }

  /**
   * On a first visit, while the service worker installs, WebKitGTK sometimes
   * fails to start a module worker (an error event with no message; started
   * once the service worker controls the page, every one starts). A fresh
   * page is handed over once the service worker controls it.
   */
  untilServiceWorkerControls() {
    return this.waitFor(() => !('serviceWorker' in navigator) || navigator.serviceWorker.controller?.state === 'activated',
      null, { step: 'the service worker to control the first visit' });
  }

  async _collect() {
    let got;
    try {
      got = await this.driver.executeScript(`return (${drainProbe}).call(null);`);
    } catch {
      return; // no document to ask (between navigations)
    }
    if (!got) return;
    if (got.missing) {
      if (new URL(got.missing).origin === this.origin) this._errors.push(`webkit: the in-page probe is missing at ${got.missing}`);
      return;
    }
    this._errors.push(...got.errors);
    this._foreign.push(...got.requests);
  }

  async _goto(url) {
    await this._collect();
    await this.driver.get(url);
  }

  async _reload() {
    await this._collect();
    await this.driver.navigate().refresh();
  }

  // executeScript awaits a returned promise.
  _evaluate(fn, arg) { return this.driver.executeScript(`return (${fn}).call(null, arguments[0]);`, arg); }

  async _click(selector) {
    const el = await this.driver.findElement(By.css(selector));
    await this.driver.executeScript('arguments[0].scrollIntoView({ block: "center", inline: "center" });', el);
    await el.click();
  }

  async _type(selector, text) {
    const el = await this.driver.findElement(By.css(selector));
    await el.clear();
    await el.sendKeys(text);
  }

  _key(name) {
    if (!KEYS[name]) throw new Error(`webkit: key ${name}: not in the driver's key table`);
    return this.driver.actions().sendKeys(KEYS[name]).perform();
  }

  async _screenshot() { return Buffer.from(await this.driver.takeScreenshot(), 'base64'); }

  async _close() {
    if (this.timedOut) {
      this.discard();
      return;
    }
    await this._collect();
    await this.driver.quit();
  }
}

/** WebKitWebDriver on a virtual display: → { server, kill() }. */
async function startDriver() {
  const port = await freePort();
  // -a picks a free display number; the screen is larger than the window.
  const proc = spawn('xvfb-run', ['-a', '-s', '-screen 0 1400x1000x24', WEBKIT_DRIVER, `--port=${port}`],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-2000); });
  let exited = null;
  proc.on('exit', (code) => { exited = code; });
  const kill = () => {
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  const server = `http://127.0.0.1:${port}`;
  try {
    await limit(ENGINE, 'start WebKitWebDriver under xvfb-run', LIMITS.launch, (async () => {
      for (;;) {
        if (exited !== null) throw new Error(`webkit: WebKitWebDriver exited with ${exited}: ${stderr.trim()}`);
        try {
          if ((await fetch(`${server}/status`)).ok) return;
        } catch { /* not listening yet */ }
        await new Promise((r) => setTimeout(r, 100));
      }
    })());
  } catch (err) {
    kill();
    throw err;
  }
  return { server, kill };
}

async function createSession(server) {
  const driver = await new Builder().usingServer(server).withCapabilities({
    browserName: 'MiniBrowser',
    pageLoadStrategy: 'normal',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  }).build();
  await driver.manage().setTimeouts({ script: LIMITS.wait, pageLoad: LIMITS.wait, implicit: 0 });
  await driver.manage().window().setRect({ x: 0, y: 0, width: 1280, height: 900 });
  return driver;
}

export async function launch() {
  let wd = null;
  const ensureDriver = async () => (wd ??= await startDriver());
  // A session that stopped answering takes the driver and the browser with it:
  // the next page starts from a fresh WebKitWebDriver.
  const discard = () => {
    wd?.kill();
    wd = null;
  };

  // The first session tells the version (and proves the display works).
  let version;
  try {
    const first = await limit(ENGINE, 'create the first WebDriver session (is there a display?)', LIMITS.launch, createSession((await ensureDriver()).server));
    version = `WebKitGTK ${(await first.getCapabilities()).get('browserVersion')}`;
    await limit(ENGINE, 'end the first session', LIMITS.step, first.quit());
  } catch (err) {
    discard();
    throw err;
  }

  return {
    name: ENGINE,
    version,
    async newPage(url) {
      const { server } = await ensureDriver();
      let driver;
      try {
        driver = await limit(ENGINE, 'create a WebDriver session', LIMITS.launch, createSession(server));
      } catch (err) {
        discard();
        throw err;
      }
      const page = new WebKitPage(driver, new URL(url).origin, discard);
      await page.goto(url);
      await page.untilServiceWorkerControls();
      return page;
    },
    async close() {
      discard();
    },
  };
}
