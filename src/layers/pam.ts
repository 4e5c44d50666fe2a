import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

// PLACEHOLDER (group D): replaced by the real layer definition.
export default defineLayer({
  type: 'PAM',
  category: 'core',
  description: 'PAM (not yet implemented).',
  params: z.looseObject({}),
  inferShape() {
    throw new ShapeError('PAM is not implemented yet', { code: 'layer/not-implemented' });
  },
});
