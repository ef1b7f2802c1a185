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

export interface RunState {
  attached: boolean;
  status: Status;
  running: boolean;
  recipe: string | null;
  device: string | null;
  dataset: string | null;
  note: string | null;
  metrics: string[];
  epochs: number | null;
  progress: Progress | null;
  history: History;
  reason: string | null;
  message: string | null;
  error: string | null;
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

/** Python -> browser: new per-batch points (x = epoch + step / steps). */
export interface PointsMessage {
  type: "points";
  x: number[];
  series: Columns;
  progress: Progress | null;
}

/** Python -> browser: every point kept so far (replaces what the view holds). */
export interface SnapshotMessage {
  type: "snapshot";
  x: number[];
  series: Columns;
  progress: Progress | null;
}

export type PanelMessage = PointsMessage | SnapshotMessage;
