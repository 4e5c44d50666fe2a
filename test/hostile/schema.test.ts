import { describe } from 'vitest';
import { schemaCases } from './catalogue-schema.js';
import { catalogueTests } from './harness.js';

describe('hostile and careless schema values', () => catalogueTests(schemaCases, 150));
