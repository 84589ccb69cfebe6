// Renders the blocks of a pane (compiled by the lesson compiler):
//   html | math (pre-rendered KaTeX) | note | warning → static DOM
//   code-tabs → the same code in C++ (what runs) and PyTorch style, as ARIA tabs
//   widget   → mountWidget(…) from web/widgets/index.js
//   exercise → mountExercise(…) from web/exercises/index.js when it exists
// Returns the live handles so the pane can destroy them when it is left.
import { h } from '../lib/dom.js';
import { watchScroll } from '../lib/scroll-box.js';
import { mountWidget } from '../widgets/index.js';
import { codeTabs } from '../lib/code-tabs.js';

const exerciseModule = import.meta.glob('../exercises/index.js');
const loadExercises = exerciseModule['../exercises/index.js'] ?? null;

function exercisePlaceholder(el, ex, id) {
  if (!ex) {
    el.replaceChildren(h('p', { class: 'note exercise-missing', role: 'note' }, `Exercise “${id}” is not available yet.`));
    return;
  }
  el.replaceChildren(h('div', { class: 'exercise-placeholder' },
    h('h3', { class: 'exercise-title' }, `Exercise: ${ex.title}`),
    h('div', { class: 'prose', html: ex.prompt }),
    h('p', { class: 'note', role: 'note' }, 'Interactive grading for this exercise is not available in this build.')));
}

async function mountExerciseBlock(el, ex, id, ctx) {
  if (!ex || !loadExercises) {
    exercisePlaceholder(el, ex, id);
    return null;
  }
  try {
    const mod = await loadExercises();
    return (await mod.mountExercise(el, ex, ctx)) ?? null;
  } catch (err) {
    console.warn(`exercise ${id}:`, err);
    exercisePlaceholder(el, ex, id);
    el.append(h('p', { class: 'note' }, `The exercise could not start: ${err?.message ?? err}`));
    return null;
  }
}

/** Prose; its wide tables and display math scroll in their own box, with a cue. */
function prose(html) {
  const el = h('div', { class: 'prose', html });
  el.querySelectorAll('.table-scroll').forEach((t) => watchScroll(t, 'Table, scrolls sideways'));
  el.querySelectorAll('.katex-display').forEach((m) => watchScroll(m, 'Equation, scrolls sideways'));
  return el;
}

/**
 * blocks → elements appended to parent.
 * widgetCtx(block, index) → ctx and initial options for the index-th widget;
 * exerciseCtx → ctx for exercises. Returns Promise<handles[]> (for destroy).
 */
export function renderBlocks(parent, blocks, { course, widgetCtx, exerciseCtx }) {
  const pending = [];
  let widgetIndex = 0;
  for (const block of blocks) {
    switch (block.type) {
      case 'html':
        parent.append(prose(block.html));
        break;
      case 'math':
        parent.append(watchScroll(h('div', { class: 'math-block', html: block.html }), 'Equation, scrolls sideways'));
        break;
      case 'note':
      case 'warning':
        parent.append(
          h('aside', { class: `callout ${block.type}`, 'aria-label': block.type === 'note' ? 'Note' : 'Warning' },
            h('p', { class: 'callout-label' }, block.type === 'note' ? 'Note' : 'Warning'),
            prose(block.html)),
        );
        break;
      case 'code-tabs':
        parent.append(codeTabs(block));
        break;
      case 'widget': {
        const el = h('div', { class: 'widget-host', 'data-widget': block.name }, h('p', { class: 'loading' }, 'Loading…'));
        parent.append(el);
        const { ctx, options } = widgetCtx(block, widgetIndex++);
        pending.push(mountWidget(el, block.name, options, ctx));
        break;
      }
      case 'exercise': {
        const el = h('section', { class: 'exercise-host', 'data-exercise': block.id, 'aria-label': 'Exercise' });
        parent.append(el);
        pending.push(mountExerciseBlock(el, course.exercises[block.id], block.id, exerciseCtx));
        break;
      }
      default:
        parent.append(h('p', { class: 'note' }, `Unknown block “${block.type}”.`));
    }
  }
  return Promise.all(pending).then((handles) => handles.filter(Boolean));
}
