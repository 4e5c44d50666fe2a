import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group C): replaced by the real layer definition.
export default defineLayer({
  type: 'Bidirectional',
  category: 'core',
  description: 'Bidirectional (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('Bidirectional is not implemented yet', { code: 'layer/not-implemented' });
  },
});
