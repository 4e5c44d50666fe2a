import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group B): replaced by the real layer definition.
export default defineLayer({
  type: 'Cropping2D',
  category: 'core',
  description: 'Cropping2D (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('Cropping2D is not implemented yet', { code: 'layer/not-implemented' });
  },
});
