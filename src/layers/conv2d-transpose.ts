import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group B): replaced by the real layer definition.
export default defineLayer({
  type: 'Conv2DTranspose',
  category: 'core',
  description: 'Conv2DTranspose (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('Conv2DTranspose is not implemented yet', { code: 'layer/not-implemented' });
  },
});
