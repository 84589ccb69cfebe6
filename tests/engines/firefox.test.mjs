// The cross-engine checks (checks.mjs) in firefox. Run alone: npm run test:engines -- firefox
import { engineSuite } from './suite.mjs';

engineSuite('firefox');
