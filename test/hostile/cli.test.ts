import { describe } from 'vitest';
import { cliCases } from './catalogue-cli.js';
import { catalogueTests } from './harness.js';

describe('careless command lines', () => catalogueTests(cliCases, 80));
