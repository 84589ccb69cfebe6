// The cross-engine checks (checks.mjs) in chromium. Run alone: npm run test:engines -- chromium
import { engineSuite } from './suite.mjs';

engineSuite('chromium');
