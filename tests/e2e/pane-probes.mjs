// Functions that run inside the page (passed to an engine's evaluate or
// waitForFunction, so each is self-contained): the state of the widgets of
// the pane on screen. Shared by the Chromium course walk and the cross-engine suite.

/**
 * True once every widget host of the pane has drawn, or reported an error. Drawn: a picture or a
 * table, or a `.widget-empty` note — a widget whose data is not there yet saying how to make it
 * (model-cost without benchmark records).
 */
export function widgetsDrawn() {
  return [...document.querySelectorAll('[data-widget]')].every((w) =>
    !w.querySelector('.loading') && (w.querySelector('svg, table, canvas, .widget-empty') || w.querySelector('.widget-status.error') || w.textContent.includes('not available')));
}

/** → [{ name, error }] for every widget of the pane (error null when it drew). */
export function widgetReport() {
  return [...document.querySelectorAll('[data-widget]')].map((w) => ({
    name: w.dataset.widget,
    error: w.querySelector('.widget-status.error')?.textContent ?? (w.textContent.includes('not available') ? 'not available' : null),
  }));
}
