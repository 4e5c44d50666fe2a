import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group D): replaced by the real layer definition.
export default defineLayer({
  type: 'Lambda',
  category: 'core',
  description: 'Lambda (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('Lambda is not implemented yet', { code: 'layer/not-implemented' });
  },
});
