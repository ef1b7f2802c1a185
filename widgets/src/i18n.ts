// UI strings in English and Chinese.
import type { Language } from "./types";

const STRINGS = {
  undo: ["Undo", "撤销"],
  redo: ["Redo", "重做"],
  delete: ["Delete", "删除"],
  copy: ["Copy", "复制"],
  paste: ["Paste", "粘贴"],
  layout: ["Arrange", "自动排列"],
  fit: ["Fit", "适应窗口"],
  search: ["Search layers…", "搜索层…"],
  palette: ["Layers", "层"],
  inspector: ["Inspector", "属性"],
  problems: ["Problems", "问题"],
  noProblems: ["No problems found.", "没有发现问题。"],
  noSelection: ["Select a layer to see and edit its settings.", "选择一个层以查看和编辑其设置。"],
  multiSelection: ["{n} layers selected.", "已选择 {n} 个层。"],
  shapeIn: ["Input shape", "输入形状"],
  shapeOut: ["Output shape", "输出形状"],
  params: ["Parameters", "参数量"],
  trainable: ["trainable", "可训练"],
  nonTrainable: ["non-trainable", "不可训练"],
  more: ["More settings", "更多设置"],
  none: ["none", "无"],
  replace: ["Replace", "替换"],
  layerNotInCatalog: ["This layer is not in the catalog; its settings cannot be edited here.", "该层不在目录中，无法在此编辑其设置。"],
  dropHint: ["Drag layers from the left onto the canvas, then draw edges from the handle under a layer.", "把左侧的层拖到画布上，再从层下方的圆点拖出连线。"],
  refused: ["Not applied: ", "未应用："],
  error: ["Error: ", "错误："],
  connectFrom: ["Connect {id} to…", "把 {id} 连接到…"],
  connected: ["Connected {s} → {t}", "已连接 {s} → {t}"],
  copied: ["Copied {n} layer(s)", "已复制 {n} 个层"],
  undoneNothing: ["Nothing to undo", "没有可撤销的操作"],
  redoneNothing: ["Nothing to redo", "没有可重做的操作"],
  required: ["required", "必填"],
  nodes: ["{n} layers", "{n} 个层"],
  insertLayer: ["Insert {layer}", "插入 {layer}"],
  setParam: ["Set {param} to {value}", "将 {param} 设为 {value}"],
  removeNode: ["Remove {node}", "删除 {node}"],
  removeEdge: ["Remove edge", "删除连线"],
  addOutput: ["Make it an output", "设为输出"],
  model: ["Model", "模型"],
  nodeParams: ["{n} params", "{n} 个参数"],
  yes: ["yes", "是"],
  no: ["no", "否"],
  unknownNode: ["unknown node", "未知的层"],
  selfLoop: ["a layer cannot feed itself", "一个层不能连接到自身"],
  takesNoInputs: ["{layer} takes no inputs", "{layer} 不接受输入"],
  alreadyConnected: ["{s} is already connected to {t}", "{s} 已经连接到 {t}"],
  makesLoop: ["this would make a loop: {t} already feeds {s}", "这会形成环路：{t} 已经连到 {s}"],
  inputsFull: ["{layer} takes {inputs} and already has {have}", "{layer} 最多接受 {max} 个输入，已经有 {have} 个"],
  needsRank: [
    "{layer} needs an input of rank {want} (batch included) but {source} gives {shape}",
    "{layer} 需要秩为 {want} 的输入（含批次维），但 {source} 的输出是 {shape}",
  ],
  or: [" or ", " 或 "],
  overview: ["Overview", "缩略图"],
  dragToConnect: ["Drag to connect", "拖动以连接"],
} as const;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Language, key: StringKey, vars: Record<string, string | number> = {}): string {
  const pair = STRINGS[key];
  let text: string = lang === "zh" ? pair[1] : pair[0];
  for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
  return text;
}

/** A checker diagnostic's message in `lang`: Python sends it in every language under `messages`. */
export function problemMessage(d: { message: string; messages?: Partial<Record<Language, string>> }, lang: Language): string {
  return d.messages?.[lang] ?? d.message;
}

export function asLanguage(value: unknown): Language {
  return value === "zh" ? "zh" : "en";
}
