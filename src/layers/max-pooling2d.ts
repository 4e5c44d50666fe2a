import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group B): replaced by the real layer definition.
export default defineLayer({
  type: 'MaxPooling2D',
  category: 'core',
  description: 'MaxPooling2D (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('MaxPooling2D is not implemented yet', { code: 'layer/not-implemented' });
  },
});
