// The scaffolding every code grader shares: the grader object and its case list.
//
//   codeGrader({ name, tolerance?, withhold?, count, makeVisible, makeHidden })
//     → { name, kind: 'code', withhold?, tolerance?, async cases(core, { seed, params, hidden = true }) }
//       makeVisible(core, params)         → Promise<[case]>   the examples the learner sees
//       makeHidden(core, rng, i, params)  → Promise<case>     hidden case i of `count`, shapes from rng
//   codeCase(label, args, expected) → case = { label, name: label, args, expected }
//
// cases() resolves to [{ name, args, expected, visible }]: the visible examples
// first ("example 1: <label>", …), then, when `hidden`, `count` cases generated
// from `seed` ("hidden 1: <label>", …). `core` is any object with
// `call(method, ...args)` returning a promise: the page's worker client, or the
// node core wrapped by asyncCore() (util.js). Matrix values come from the core's
// seeded randn; only the choice of shapes uses shapeRng(seed) (util.js), so a
// seed gives the same cases in every browser and in node.
import { shapeRng } from './util.js';

/** One case: the learner's function is called with `args` and must return `expected`. */
export function codeCase(label, args, expected) {
  return { label, name: label, args, expected };
}

export function codeGrader({ name, tolerance, withhold, count, makeVisible, makeHidden }) {
  return {
    name,
    kind: 'code',
    ...(withhold ? { withhold } : {}),
    ...(tolerance ? { tolerance } : {}),
    async cases(core, { seed, params, hidden = true }) {
      const out = (await makeVisible(core, params)).map((c, i) => ({ ...c, name: `example ${i + 1}: ${c.name}`, visible: true }));
      if (!hidden) return out;
      const rng = shapeRng(seed);
      for (let i = 0; i < count; i++) {
        const c = await makeHidden(core, rng, i, params);
        out.push({ name: `hidden ${i + 1}: ${c.label}`, args: c.args, expected: c.expected, visible: false });
      }
      return out;
    },
  };
}
