// The cross-engine checks (checks.mjs) in webkit. Run alone: npm run test:engines -- webkit
import { engineSuite } from './suite.mjs';

engineSuite('webkit');
