// What the training tests share: a panel state (idle unless changed) and a run's progress.
import type { Progress, RunState } from "../src/training/types";

export function state(changes: Partial<RunState> = {}): RunState {
  return {
    attached: true,
    status: "idle",
    running: false,
    recipe: null,
    device: null,
    dataset: null,
    note: null,
    metrics: [],
    epochs: null,
    progress: null,
    history: { epochs: [], series: {} },
    reason: null,
    message: null,
    error: null,
    ...changes,
  };
}

export const progress: Progress = {
  epoch: 2,
  epochs: 10,
  step: 120,
  steps: 400,
  rate: 150,
  samples_per_second: 19200,
  eta: 65,
  running: true,
};
