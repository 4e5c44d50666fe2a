import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group A): replaced by the real layer definition.
export default defineLayer({
  type: 'ReLU',
  category: 'core',
  description: 'ReLU (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('ReLU is not implemented yet', { code: 'layer/not-implemented' });
  },
});
