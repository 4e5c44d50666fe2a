// The tutorial's two trainable custom layers as a layerspec plugin (README "Write your own layer").
// Load it with `--plugin models/plugins/my-layers.mjs`; it imports nothing: helpers come as arguments.
export default ({ z, initializer }) => ({
  layers: [
    {
      // Keras: class MyLayer(Layer) — output = K.dot(x, kernel)
      type: 'MyLayer',
      description: "x · kernel over the last axis (the tutorial's first custom layer)",
      params: z.object({                                           // __init__ / get_config
        output_dim: z.int().positive().describe('Size of the output\'s last axis.'),
        kernel_initializer: initializer('random_uniform', 'the kernel'),
      }),
      inferShape: ([x], p) => [...x.slice(0, -1), p.output_dim],   // compute_output_shape
      weights: ([x], p) => [                                       // build
        { name: 'kernel', shape: [x[x.length - 1], p.output_dim], initializer: p.kernel_initializer },
      ],
      call: (tf, [x], w) => tf.dot(x, w.kernel),                   // call
    },
    {
      // Keras: the tutorial's Scale — output = x * gamma + beta along the last axis
      type: 'MyScale',
      description: 'x * gamma + beta, one gamma and one beta per feature (the tutorial\'s Scale)',
      params: z.object({
        gamma_init: initializer('ones', 'gamma'),
        beta_init: initializer('zeros', 'beta'),
      }),
      inferShape: ([x]) => {
        if (x.length < 2) throw new Error('needs an input with a feature axis, e.g. (None, 8)');
        return x;
      },
      weights: ([x], p) => [
        { name: 'gamma', shape: [x[x.length - 1]], initializer: p.gamma_init },
        { name: 'beta', shape: [x[x.length - 1]], initializer: p.beta_init },
      ],
      call: (tf, [x], w) => tf.add(tf.mul(x, w.gamma), w.beta),
    },
  ],
});
