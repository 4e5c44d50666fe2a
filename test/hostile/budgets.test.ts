import { describe } from 'vitest';
import { budgetCases } from './catalogue-budgets.js';
import { catalogueTests } from './harness.js';

describe('resource budgets', () => catalogueTests(budgetCases, 15));
