// Shapes of the training panel's synced traits and messages (see ../../README.md).

export type Value = number | null;
export type Columns = Record<string, Value[]>;

export interface Progress {
  epoch: number | null;
  epochs: number | null;
  step: number;
  steps: number | null;
  rate: number | null; // batches per second
  samples_per_second: number | null;
  eta: number | null; // seconds
  running: boolean;
}

export interface History {
  epochs: number[]; // 0-based epoch indices; drawn at x = epoch + 1
  series: Columns;
}

export type Status =
  | "detached"
  | "idle"
  | "starting"
  | "running"
  | "stopping"
  | "finished"
  | "stopped"
  | "early_stopping"
  | "nan"
  | "error";

/** The values of a trainer's end event (nnbuilder/training/end_reasons.py `end_values`). */
export interface EndValues {
  epochs: number;
  cut_short?: boolean; // stopped: within an epoch, which runs again on continue
  value?: string; // nan: the loss value, as Python wrote it
  epoch?: number; // nan: counted from 1
  batch?: number;
  learning_rate?: string;
  kept_in?: string; // the folder holding the best model so far
}

export interface RunState {
  attached: boolean;
  status: Status;
  running: boolean;
  recipe: string | null;
  device: string | null;
  dataset: string | null;
  note: string | null;
  note_zh?: string | null; // the note in Chinese, when there is one
  metrics: string[];
  epochs: number | null;
  progress: Progress | null;
  history: History;
  earlier?: History | null; // the curves of the trainer shown before this one (a setting changed), drawn dashed
  reason: string | null;
  end_values?: EndValues | null; // the end event's values, worded with `reason` (training/words.ts)
  message: string | null;
  error: string | null;
  error_zh?: string | null; // the error's first line in Chinese, where known
}

export interface Samples {
  epoch?: number;
  title?: string;
  pairs?: boolean;
  count?: number;
  width?: number;
  height?: number;
  src?: string;
}

/** Python -> browser: new per-batch points (x = epoch + step / steps), number `seq`, following `after`. */
export interface PointsMessage {
  type: "points";
  seq: number;
  after: number;
  x: number[];
  series: Columns;
  progress: Progress | null;
}

/** Python -> browser: every point kept so far, as of message `seq` (replaces what the view holds). */
export interface SnapshotMessage {
  type: "snapshot";
  seq: number;
  x: number[];
  series: Columns;
  progress: Progress | null;
}

/** Python -> browser, answering a poll: the messages after the poll's `since`, made on the kernel's main thread. */
export interface PulledMessage {
  type: "pulled";
  seq: number;
  messages: (PointsMessage | SnapshotMessage)[];
}

export type PanelMessage = PointsMessage | SnapshotMessage | PulledMessage;
