import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group D): replaced by the real layer definition.
export default defineLayer({
  type: 'KernelDot',
  category: 'core',
  description: 'KernelDot (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('KernelDot is not implemented yet', { code: 'layer/not-implemented' });
  },
});
