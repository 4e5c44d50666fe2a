import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group B): replaced by the real layer definition.
export default defineLayer({
  type: 'GlobalAveragePooling1D',
  category: 'core',
  description: 'GlobalAveragePooling1D (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('GlobalAveragePooling1D is not implemented yet', { code: 'layer/not-implemented' });
  },
});
