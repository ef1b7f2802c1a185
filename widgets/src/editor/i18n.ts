import type { Language } from "../shared/widget";
// UI strings in English and Chinese.

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
  layerNotInCatalog: [
    "This layer is not in the catalog; its settings cannot be edited here.",
    "该层不在目录中，无法在此编辑其设置。",
  ],
  dropHint: [
    "Drag layers from the left onto the canvas, then draw edges from the handle under a layer.",
    "把左侧的层拖到画布上，再从层下方的圆点拖出连线。",
  ],
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
  // Refusals of a typed setting value: the words of nnbuilder/document/params.py, in Chinese as
  // nnbuilder/locale/problem_pattern_table.py says them (held equal by test/param-values.test.ts).
  valueRequired: ["a value is required", "必须填写一个值"],
  notJson: ["not valid JSON", "不是有效的 JSON"],
  expected: ["expected {what}", "应为{what}"],
  orNull: [", or null", "，或 null"],
  trueOrFalse: ["true or false", "布尔值（true 或 false）"],
  aText: ["text", "文本"],
  notBlankText: ["text that is not blank", "非空白的文本"],
  aPath: ["a file or folder path", "文件或文件夹路径"],
  listOfIntegers: ["a list of {n} integers", "由 {n} 个整数组成的列表"],
  listOfIntegersWithin: ["a list of {n} integers {bounds}", "由 {n} 个{bounds} 的整数组成的列表"],
  positiveInteger: ["a positive integer", "正整数"],
  positiveNumber: ["a positive number", "正数"],
  nonNegativeInteger: ["a non-negative integer", "非负整数"],
  nonNegativeNumber: ["a non-negative number", "非负数"],
  anInteger: ["an integer", "整数"],
  aNumber: ["a number", "数"],
  integerWithin: ["an integer {bounds}", "{bounds} 的整数"],
  numberWithin: ["a number {bounds}", "{bounds} 的数"],
  bothBounds: ["{a} and {b}", "{a} 且{b}"],
  atLeast: [">= {n}", "大于等于 {n}"],
  above: ["> {n}", "大于 {n}"],
  atMost: ["<= {n}", "小于等于 {n}"],
  below: ["< {n}", "小于 {n}"],
  orSuchIntegers: ["{what} or a list of {n} such integers", "{what}，或 {n} 个这样的整数组成的列表"],
  orListOfThem: ["{what} or a list of them", "{what}，或它们组成的列表"],
  oneOf: ["one of {choices}", "以下之一：{choices}"],
  axisOrAxes: ["an axis (an integer) or a list of axes", "一个轴（整数）或轴的列表"],
  sizeList: ["a list of positive integers (or null for a free size)", "正整数列表（null 表示尺寸不定）"],
  sizeListWorkedOut: [
    "a list of positive integers, one of which may be -1 (worked out from the input size)",
    "正整数列表，其中最多一个可以是 -1（由输入尺寸推算）",
  ],
  activationName: [
    "an activation name such as 'relu', 'sigmoid' or 'softmax'",
    "激活函数名称，如 'relu'、'sigmoid' 或 'softmax'",
  ],
  layerExample: ["a layer such as {example}", "一个层，如 {example}"],
  needsSettings: ["{value} needs its settings: use {example}", "{value} 需要设置：请写成 {example}"],
  takesSettings: ["{cls} takes {names}, not {unknown}", "{cls} 接受的设置是 {names}，没有 {unknown}"],
  takesNoSettings: ["{cls} takes no settings, not {unknown}", "{cls} 没有可设置的项，不能设置 {unknown}"],
  objectNames: ["{article} {noun} ({names}) or {example}", "{noun}（{names}）或 {example}"],
  initializer: ["initializer", "初始化器"],
  regularizer: ["regularizer", "正则化器"],
  constraint: ["constraint", "约束"],
} as const;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Language, key: StringKey, vars: Record<string, string | number> = {}): string {
  const pair = STRINGS[key];
  let text: string = lang === "zh" ? pair[1] : pair[0];
  for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
  return text;
}

/** A checker diagnostic's message in `lang`: Python sends it in every language under `messages`. */
export function problemMessage(
  d: { message: string; messages?: Partial<Record<Language, string>> },
  lang: Language,
): string {
  return d.messages?.[lang] ?? d.message;
}
