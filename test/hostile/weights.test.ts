import { describe } from 'vitest';
import { weightsCases } from './catalogue-weights.js';
import { catalogueTests } from './harness.js';

describe('weights that do not belong', () => catalogueTests(weightsCases, 40));
