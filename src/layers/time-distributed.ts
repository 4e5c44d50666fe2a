import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group C): replaced by the real layer definition.
export default defineLayer({
  type: 'TimeDistributed',
  category: 'core',
  description: 'TimeDistributed (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('TimeDistributed is not implemented yet', { code: 'layer/not-implemented' });
  },
});
