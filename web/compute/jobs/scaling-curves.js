// scaling-curves: the scaling plot's points (compute/scaling.js), computed
// where the data lives: Q, K and every q·k stay in the worker; the page
// receives one small record per d_k.
//   args: { dks: [d_k, …] (in the order wanted), samples, keys, seed }
//   progress: each point as soon as it is computed
//   → [point, …] in the order of dks
import { scalingPoint } from '../scaling.js';

export default function scalingCurves(core, args, { progress }) {
  const { dks, ...settings } = args;
  if (!Array.isArray(dks) || dks.length === 0) throw new Error('scaling-curves: dks must be a non-empty list of d_k values');
  return dks.map((dk) => {
    const point = scalingPoint(core, dk, settings);
    progress(point);
    return point;
  });
}
