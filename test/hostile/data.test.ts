import { describe } from 'vitest';
import { dataCases } from './catalogue-data.js';
import { catalogueTests } from './harness.js';

describe('hostile and careless data files', () => catalogueTests(dataCases, 100));
