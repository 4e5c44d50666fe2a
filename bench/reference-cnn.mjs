// The reference CNN of models/cnn.yaml written directly in tfjs: the baseline every benchmark
// compares layerspec against (same layers, same Keras defaults where tfjs's differ).
export function referenceCnn(tf) {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

/** The reference CNN compiled as models/cnn.yaml's train: section has it (adam 0.001, categorical cross-entropy). */
export function trainableReferenceCnn(tf) {
  const model = referenceCnn(tf);
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
