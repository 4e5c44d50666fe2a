/** Loading TensorFlow.js in tests: one shared instance, backends selected with a clear skip message. */
export type Tf = typeof import('@tensorflow/tfjs');

let tfPromise: Promise<Tf> | undefined;
export async function loadTf(): Promise<Tf> {
  // The namespace the runtime loads (tfjs-core + tfjs-layers, chained methods registered), PROD set.
  tfPromise ??= import('../../src/runtime/backend.js').then(({ requireTf }) => requireTf());
  return tfPromise;
}

/** Selects a backend; `false` when it cannot load here (then its tests are skipped with a message). */
export async function useBackend(tf: Tf, backend: 'cpu' | 'wasm'): Promise<boolean> {
  try {
    // As the runtime loads it (one instance, with the code cache when there is one).
    (await import('../../src/runtime/backend.js')).requireTfjs(`@tensorflow/tfjs-backend-${backend}`);
  } catch (error) {
    console.warn(`${backend} backend skipped: @tensorflow/tfjs-backend-${backend} did not load (${String(error)})`);
    return false;
  }
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok) console.warn(`${backend} backend skipped: tf.setBackend('${backend}') failed in this environment`);
  return ok;
}

type LayersModel = import('@tensorflow/tfjs').LayersModel;

/** Saves through tfjs's serialization (model.json topology + weights) and loads it back, as a user's save/load would. */
export async function roundTrip(tf: Tf, model: LayersModel): Promise<{ json: string; reloaded: LayersModel }> {
  let saved: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = JSON.stringify(saved!.modelTopology);
  const reloaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: JSON.parse(json), weightSpecs: saved!.weightSpecs, weightData: saved!.weightData }));
  return { json, reloaded };
}

/** Runs `fn` and returns its result with the names of the kernels tfjs ran meanwhile, in order. */
export function withKernelNames<T>(tf: Tf, fn: () => T): { result: T; kernels: string[] } {
  const engine = tf.engine() as unknown as { runKernelFunc(params: { kernelName?: string }): unknown };
  const runKernelFunc = engine.runKernelFunc;
  const kernels: string[] = [];
  engine.runKernelFunc = function (params) {
    kernels.push(params.kernelName ?? '');
    return runKernelFunc.call(this, params);
  };
  try {
    return { result: fn(), kernels };
  } finally {
    engine.runKernelFunc = runKernelFunc;
  }
}

/** Selects wasm with layerspec's training kernels registered; `false` when wasm cannot load here. */
export async function useWasmWithKernels(tf: Tf): Promise<boolean> {
  const available = await useBackend(tf, 'wasm');
  if (available) (await import('../../src/runtime/kernels/index.js')).registerTrainingKernels(tf, 'wasm');
  return available;
}
