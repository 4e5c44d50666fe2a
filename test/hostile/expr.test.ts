import { describe } from 'vitest';
import { exprCases } from './catalogue-expr.js';
import { catalogueTests } from './harness.js';

describe('hostile Lambda expressions', () => catalogueTests(exprCases, 50));
