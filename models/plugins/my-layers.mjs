// The tutorial's two trainable custom layers as a layerspec plugin (README "Write your own layer").
// Load it with `--plugin models/plugins/my-layers.mjs`; it imports nothing: helpers come as arguments.

/** The size of `axis` of shape `x` (batch included, as null), which must exist, not be the batch, and be known. */
function axisSize(x, axis) {
  const a = axis < 0 ? x.length + axis : axis;
  if (a < 1 || a >= x.length) throw new Error(`cannot scale along axis ${axis}: its input has axes 1 to ${x.length - 1} (axis 0 is the batch)`);
  if (x[a] === null) throw new Error(`needs the size of axis ${axis} to be known to create gamma and beta`);
  return x[a];
}

export default ({ z, initializer }) => ({
  layers: [
    {
      // Keras: class MyLayer(Layer) — output = K.dot(x, kernel)
      type: 'MyLayer',
      description: "x · kernel over the last axis (the tutorial's first custom layer)",
      params: z.object({                                           // __init__ / get_config
        output_dim: z.int().positive().describe("Size of the output's last axis."),
        kernel_initializer: initializer('random_uniform', 'the kernel'),
      }),
      inferShape: ([x], p) => [...x.slice(0, -1), p.output_dim],   // compute_output_shape
      weights: ([x], p) => [                                       // build
        { name: 'kernel', shape: [x[x.length - 1], p.output_dim], initializer: p.kernel_initializer },
      ],
      call: (tf, [x], w) => tf.dot(x, w.kernel),                   // call
    },
    {
      // Keras: the tutorial's Scale — output = x * gamma + beta along `axis`
      type: 'MyScale',
      description: "x * gamma + beta along one axis (the tutorial's Scale)",
      params: z.object({
        axis: z.int().default(-1).describe('The axis along which gamma and beta vary (-1: the last).'),
        gamma_init: initializer('ones', 'gamma'),
        beta_init: initializer('zeros', 'beta'),
        weights: z.tuple([z.array(z.number()), z.array(z.number())]).nullable().default(null)
          .describe('Initial values [gamma_list, beta_list]; they override gamma_init and beta_init.'),
      }),
      inferShape: ([x], p) => {
        axisSize(x, p.axis);
        return x;
      },
      weights: ([x], p) => {
        const size = axisSize(x, p.axis);
        return [
          { name: 'gamma', shape: [size], initializer: p.weights ? p.weights[0] : p.gamma_init },
          { name: 'beta', shape: [size], initializer: p.weights ? p.weights[1] : p.beta_init },
        ];
      },
      call: (tf, [x], w, p) => {
        // gamma and beta shaped [1, ..., size, ..., 1] so that they broadcast along `axis` only.
        const axis = p.axis < 0 ? x.rank + p.axis : p.axis;
        const shape = x.shape.map((d, i) => (i === axis ? d : 1));
        return tf.add(tf.mul(x, tf.reshape(w.gamma, shape)), tf.reshape(w.beta, shape));
      },
    },
  ],
});
