import { describe } from 'vitest';
import { yamlCases } from './catalogue-yaml.js';
import { catalogueTests } from './harness.js';

describe('hostile YAML', () => catalogueTests(yamlCases, 40));
