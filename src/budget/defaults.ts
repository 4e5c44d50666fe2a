/**
 * Default resource budgets (no imports: the command line reads them for its --help).
 *
 * Parameters: a model file from a pull request may declare a Dense layer of 10^12 weights, which
 * tfjs would try to allocate. 100 million float32 parameters are 400 MB, and Adam's state doubles
 * that: far above the models layerspec is for, far below what would exhaust a CI machine.
 *
 * Input bytes: what the data files of one command declare in their headers (shape x item size),
 * summed. 4 GiB matches the .npz reader's limit on declared sizes.
 */
export const DEFAULT_MAX_PARAMS = 100_000_000;
export const DEFAULT_MAX_INPUT_BYTES = 4 * 2 ** 30;

/**
 * Activations: the values one layer outputs for one sample (its output shape without the batch
 * axis). A layer with no weights can still ask for billions (RepeatVector n: 10^9, UpSampling2D
 * size: 10^4) and fail allocating at the first batch. 2^27 values are 512 MiB of float32 per
 * sample, more than any model layerspec runs needs.
 */
export const DEFAULT_MAX_ACTIVATIONS = 2 ** 27;
