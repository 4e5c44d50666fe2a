import type { NpyHeader } from '../io/npy-header.js';
import { formatShape } from '../io/npy-header.js';
import type { ModelInput } from '../spec/model.js';

/**
 * Does a data file fit a model input? Decided from the .npy header alone (dtype, rank,
 * dimensions), so `predict` refuses bad data before loading TensorFlow.js or reading a single
 * row, and `check --input` can do the same without tensors. Pure: no file system, no tfjs.
 */

export type DataProblemCode = 'data/dtype' | 'data/rank' | 'data/shape' | 'data/rows' | 'data/missing' | 'data/too-large';

export interface DataProblem {
  code: DataProblemCode;
  /** The model input concerned. */
  input: string;
  /** The data file (as the user named it). */
  file: string;
  message: string;
  hint: string;
}

/** The element type a model input is fed: float32 takes any number, int32 only whole numbers. */
export type InputDtype = ModelInput['dtype'];

/** Can data of this kind feed an input of this dtype without losing meaning? */
function dtypeFits(header: NpyHeader, input: InputDtype): boolean {
  const kind = header.dtype.kind;
  if (input === 'float32') return true;
  if (input === 'int32') return kind === 'i' || kind === 'u' || kind === 'b';
  return kind === 'b'; // bool
}

const modelShape = (shape: readonly (number | null)[]) => `(${['None', ...shape.map((d) => (d === null ? 'None' : String(d)))].join(', ')})`;

/**
 * The problems of one file given for one model input (empty when it fits). With `role: 'target'`
 * the "input" is a model output and the file holds its training targets (`train --y`).
 */
export function checkInputData(
  input: Pick<ModelInput, 'name' | 'shape' | 'dtype'>,
  file: string,
  header: NpyHeader,
  role: 'input' | 'target' = 'input',
): DataProblem[] {
  const problem = (code: DataProblemCode, message: string, hint: string): DataProblem => ({ code, input: input.name, file, message, hint });
  const takes = role === 'input' ? `model input '${input.name}' takes` : `the targets of output '${input.name}' must be`;
  const is = role === 'input' ? `model input '${input.name}' is` : `the targets of output '${input.name}' are`;
  const problems: DataProblem[] = [];
  if (!dtypeFits(header, input.dtype)) {
    problems.push(
      problem(
        'data/dtype',
        `${file} holds ${header.dtype.name}, but ${is} ${input.dtype}`,
        input.dtype === 'int32'
          ? `an int32 input (token ids for Embedding) takes whole numbers: save the data with a.astype(np.int32), or declare the input dtype: float32`
          : `save the data with a.astype(np.bool_), or declare the input dtype: float32`,
      ),
    );
  }
  const expectedRank = input.shape.length + 1;
  if (header.shape.length !== expectedRank) {
    problems.push(
      problem(
        'data/rank',
        `${file} has shape ${formatShape(header.shape)} (${header.shape.length} axes), but ${takes} ${modelShape(input.shape)} (${expectedRank} axes, the first one the samples)`,
        header.shape.length === expectedRank - 1 && input.shape.every((d, i) => d === null || d === header.shape[i])
          ? 'the file seems to hold one sample without the samples axis: save it as a[np.newaxis]'
          : `reshape the data to (samples, ${input.shape.map((d) => d ?? 'any').join(', ')})`,
      ),
    );
    return problems;
  }
  const wrong = input.shape.flatMap((d, i) => (d !== null && d !== header.shape[i + 1] ? [i + 1] : []));
  if (wrong.length > 0) {
    problems.push(
      problem(
        'data/shape',
        `${file} has shape ${formatShape(header.shape)}, but ${takes} ${modelShape(input.shape)}: ` +
          wrong.map((axis) => `axis ${axis} is ${header.shape[axis]}, not ${input.shape[axis - 1]}`).join('; '),
        wrong.length === 2 && header.shape.length === 4 && header.shape[1] === input.shape[2] && header.shape[3] === input.shape[0]
          ? 'the data looks channels_first: transpose it with a.transpose(0, 2, 3, 1)'
          : role === 'input'
            ? 'check that the file belongs to this model input, or change the input shape in the model file'
            : 'check that the file holds the targets of this output (one-hot for categorical_crossentropy, class ids for sparse_categorical_crossentropy)',
      ),
    );
  }
  return problems;
}

/** Every input must be given the same number of samples. */
export function checkSampleCounts(given: readonly { input: string; file: string; header: NpyHeader }[]): DataProblem[] {
  const withRows = given.filter((g) => g.header.shape.length > 0);
  if (withRows.length < 2) return [];
  const first = withRows[0];
  const differ = withRows.filter((g) => g.header.shape[0] !== first.header.shape[0]);
  if (differ.length === 0) return [];
  const list = withRows.map((g) => `${g.file} (${g.input}): ${g.header.shape[0]}`).join(', ');
  return [
    {
      code: 'data/rows',
      input: differ[0].input,
      file: differ[0].file,
      message: `the inputs hold different numbers of samples: ${list}`,
      hint: 'give every model input the same samples, one per row of the first axis',
    },
  ];
}

/** A file of no samples (first axis 0) where there must be some: `train` and `evaluate` on nothing fail late or say nothing. */
export function checkSomeSamples(given: readonly { input: string; file: string; header: NpyHeader }[], purpose: string): DataProblem[] {
  const empty = given.find((g) => g.header.shape.length > 0 && g.header.shape[0] === 0);
  if (!empty) return [];
  return [{
    code: 'data/rows',
    input: empty.input,
    file: empty.file,
    message: `${empty.file} holds no samples (shape ${formatShape(empty.header.shape)}); ${purpose} needs at least one`,
    hint: 'check that the array was saved with its data: its first axis counts the samples',
  }];
}

/** Keras's validation_split takes the last samples; it must leave at least one to train on. */
export function checkTrainingSplit(given: readonly { input: string; file: string; header: NpyHeader }[], split: number): DataProblem[] {
  const first = given.find((g) => g.header.shape.length > 0);
  if (!first || split <= 0) return [];
  const rows = first.header.shape[0];
  if (rows === 0 || Math.floor(rows * (1 - split)) > 0) return [];
  return [{
    code: 'data/rows',
    input: first.input,
    file: first.file,
    message: `a validation split of ${split} of the ${rows} samples in ${first.file} leaves none to train on`,
    hint: 'give more samples, a smaller --validation-split (or train.validation_split), or separate --validation-x/--validation-y',
  }];
}
