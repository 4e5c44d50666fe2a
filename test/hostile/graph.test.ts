import { describe } from 'vitest';
import { graphCases } from './catalogue-graph.js';
import { catalogueTests } from './harness.js';

describe('hostile and careless graphs', () => catalogueTests(graphCases, 20));
