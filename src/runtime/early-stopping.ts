import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckpointState } from './checkpoint.js';
import type { Logs } from './train-events.js';

/** The YAML's `train.early_stopping`, Keras's EarlyStopping arguments. */
export interface EarlyStoppingConfig {
  monitor: string;
  patience: number;
  min_delta: number;
  mode: 'auto' | 'min' | 'max';
  restore_best_weights: boolean;
}

export interface EarlyStoppingVerdict {
  /** This epoch improved on the best so far. */
  best: boolean;
  bestEpoch: number;
  stop: boolean;
  message: string;
}

/**
 * Keras's EarlyStopping: stop when `monitor` has not improved by more than `min_delta` for
 * `patience` epochs; mode `auto` maximises accuracy-like values and minimises the rest. Its
 * counters are part of the checkpoint, so a resumed run stops where an uninterrupted one would;
 * with restore_best_weights the checkpoint also keeps the best epoch's weights (best-weights.bin),
 * so a resumed run restores the same weights too.
 */
export class EarlyStopping {
  private best: number | null = null;
  private bestEpoch = 0;
  private wait = 0;
  private bestWeights: tfTypes.Tensor[] | undefined;
  /** The hash of the best weights as the checkpoint holds them (best-weights.bin). */
  private bestWeightsSha256: string | undefined;
  private readonly maximise: boolean;

  constructor(private readonly config: EarlyStoppingConfig) {
    this.maximise = config.mode === 'max' || (config.mode === 'auto' && /acc|precision|recall|auc/.test(config.monitor));
  }

  update(epoch: number, logs: Logs): EarlyStoppingVerdict {
    const value = logs[this.config.monitor];
    if (value === undefined || !Number.isFinite(value)) {
      return { best: false, bestEpoch: this.bestEpoch, stop: false, message: `early stopping: '${this.config.monitor}' is not among this epoch's values (${Object.keys(logs).join(', ')})` };
    }
    const delta = Math.abs(this.config.min_delta);
    const improved = this.best === null || (this.maximise ? value - delta > this.best : value + delta < this.best);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
    const stop = this.wait >= this.config.patience && !improved;
    return {
      best: improved,
      bestEpoch: this.bestEpoch,
      stop,
      message: stop
        ? `early stopping: ${this.config.monitor} has not improved for ${this.wait} epoch${this.wait === 1 ? '' : 's'} (best ${this.best} at epoch ${this.bestEpoch})`
        : '',
    };
  }

  /** Keeps a copy of the weights of the best epoch (restore_best_weights only). */
  remember(model: tfTypes.LayersModel): void {
    if (!this.config.restore_best_weights) return;
    for (const t of this.bestWeights ?? []) t.dispose();
    this.bestWeights = model.getWeights().map((w) => w.clone());
  }

  /** Puts the best epoch's weights back; false when there is nothing to restore. */
  restoreBest(model: tfTypes.LayersModel): boolean {
    if (!this.config.restore_best_weights || !this.bestWeights) return false;
    model.setWeights(this.bestWeights);
    return true;
  }

  /** Whether the checkpoint should keep this epoch's weights as the best (restore_best_weights). */
  keepsBestOf(verdict: EarlyStoppingVerdict | undefined): boolean {
    return this.config.restore_best_weights && verdict?.best === true;
  }

  state(): NonNullable<CheckpointState['earlyStopping']> {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, ...(this.bestWeightsSha256 ? { bestWeightsSha256: this.bestWeightsSha256 } : {}) };
  }

  /** Takes note of what a checkpoint committed (where the best weights are now kept). */
  committed(state: CheckpointState['earlyStopping']): void {
    this.bestWeightsSha256 = state?.bestWeightsSha256;
  }

  restore(state: NonNullable<CheckpointState['earlyStopping']>): void {
    this.best = state.best;
    this.bestEpoch = state.bestEpoch;
    this.wait = state.wait;
    this.bestWeightsSha256 = state.bestWeightsSha256;
  }

  dispose(): void {
    for (const t of this.bestWeights ?? []) t.dispose();
    this.bestWeights = undefined;
  }
}
