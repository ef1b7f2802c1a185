"""The checker's problem messages in English and Chinese.

`say(key, **values)` gives a `Words`: a str that reads in English and renders in any language with
`.say(language)`. The check, its guards and the shared shape helpers build their messages this way.
Sentences built elsewhere in English (argument validation, trust refusals, per-layer shape rules)
go through the patterns of `nnbuilder.locale.problem_patterns`.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from nnbuilder.locale.application_words import APPLICATION_MESSAGES
from nnbuilder.locale.op_words import OP_MESSAGES
from nnbuilder.locale.problem_patterns import translate
from nnbuilder.locale.word_tables import WordTable, word_in

LANGUAGES = ("en", "zh")

MESSAGES = {  # key: (English, Chinese)
    # the graph of a model
    "empty_model": (
        "model {model!r} has no layers: add an Input and a layer",
        "模型“{model}”还没有层：请添加一个 Input 和至少一个层",
    ),
    "cycle_node": (
        "{node!r} is part of a loop (its input comes back from its own output); remove one edge of the loop",
        "“{node}”处在一个环路中（它的输入又来自它自己的输出）；请删除环路中的一条连线",
    ),
    "model_loop": ("models use each other in a loop: {loop}", "模型之间循环引用：{loop}"),
    "edge_unknown_node": (
        "an edge runs from {source!r} to {target!r}, but model {model!r} has no node {missing!r}; remove the edge",
        "有一条连线从“{source}”到“{target}”，但模型“{model}”没有节点“{missing}”；请删除这条连线",
    ),
    "node_id_twice": (
        "node id {id!r} is used twice: it becomes the layer's name",
        "节点 ID {id!r} 用了两次：它会成为层的名称，必须唯一",
    ),
    "node_id_bad": (
        "node id {id!r} must be text without '/': it becomes the layer's name",
        "节点 ID {id!r} 必须是不含“/”的文本：它会成为层的名称",
    ),
    "shared_missing": (
        "{node!r} shares the layer of {shares!r}, which is not in this model",
        "“{node}”共享“{shares}”的层，但这个模型中没有“{shares}”",
    ),
    "shared_kind": (
        "{node!r} shares the layer of {root!r}, which must be a {layer} that shares nothing itself",
        "“{node}”共享“{root}”的层，而“{root}”必须是本身不共享其他层的 {layer}",
    ),
    "shared_inputs": (
        "{node!r} calls the layer of {root!r} on {mine}, but that layer was made for {theirs}",
        "“{node}”用 {mine} 调用“{root}”的层，但这个层是按 {theirs} 建立的",
    ),
    "param": ("{key}: {problem}", "{key}：{problem}"),
    "required": ("{layer} needs {name!r}", "{layer} 必须设置参数 {name}"),
    "port_conflict": (
        "input {port} of {node!r} is fed by {count} edges; one tensor per input",
        "“{node}”的输入 {port} 连了 {count} 条线；每个输入只能接收一个张量",
    ),
    "port_gap": (
        "input {missing} of {node!r} is not connected, but input {last} is",
        "“{node}”的输入 {missing} 没有连接，但输入 {last} 已经连接",
    ),
    "no_input": ("{layer} {node!r} has no input: connect a layer to it", "{layer}“{node}”没有输入：请把一个层连接到它"),
    "needs_inputs": ("{layer} needs {count} but has {have}", "{layer} 需要{count}，但现在只有 {have} 个"),
    "takes_inputs": ("{layer} takes {count} but has {have}", "{layer} 只接受{count}，但现在有 {have} 个"),
    "inputs_exactly": ("{n} input{s}", "{n} 个输入"),
    "inputs_at_least": ("at least {n} input{s}", "至少 {n} 个输入"),
    "inputs_at_most": ("at most {n} input{s}", "最多 {n} 个输入"),
    "model_ref_here": ("model {model!r} cannot be used here", "模型“{model}”不能在这里使用"),
    "no_such_output": (
        "{node!r} reads output {output} of {source!r}, which has {count} output(s) (numbered from 0)",
        "“{node}”读取“{source}”的输出 {output}，但“{source}”只有 {count} 个输出（从 0 开始编号）",
    ),
    "model_output_missing": (
        "model {model!r} lists output {output} of {node!r}, which has {count} output(s) (numbered from 0)",
        "模型“{model}”的输出列表用到了“{node}”的输出 {output}，但它只有 {count} 个输出（从 0 开始编号）",
    ),
    "arg_gap": (
        "the tensors {node!r} takes as {arg!r} are numbered {ports}; number them 0, 1, ... without gaps",
        "“{node}”作为 {arg!r} 接收的张量编号是 {ports}；请从 0 开始连续编号",
    ),
    "arg_count": (
        "{layer} takes {wanted} tensor(s) as {arg!r}, got {count}",
        "{layer} 的 {arg!r} 需要 {wanted} 个张量，实际连了 {count} 个",
    ),
    "call_unknown_close": (
        "{layer} has no call argument {key!r}; did you mean {close!r}?",
        "{layer} 的调用没有参数 {key!r}；是不是想写 {close!r}？",
    ),
    "call_unknown": (
        "{layer} has no call argument {key!r}; it takes {known}",
        "{layer} 的调用没有参数 {key!r}；它接受的是 {known}",
    ),
    "call_value": ("call argument {key}: {problem}", "调用参数 {key}：{problem}"),
    "call_twice": (
        "call argument {key!r} is given both as a value and by an edge; keep one",
        "调用参数 {key!r} 既设置了值又连了线；只能保留一个",
    ),
    "wiring_edge": (
        "this edit would drop where the edge {source!r} -> {target!r} comes from or goes (output {output}, "
        "argument {arg}), which the canvas cannot show yet; the edit is refused",
        "这次编辑会丢掉连线“{source}”→“{target}”的来源或去向（输出 {output}，参数 {arg}），"
        "而画布还不能显示它；编辑已被拒绝",
    ),
    "wiring_call": (
        "this edit would drop the call arguments of {node!r} ({call}), which the canvas cannot show yet; "
        "the edit is refused",
        "这次编辑会丢掉“{node}”的调用参数（{call}），而画布还不能显示它们；编辑已被拒绝",
    ),
    "wiring_output": (
        "this edit would turn the model output {node!r} (output {output}) into its first output, which the "
        "canvas cannot show yet; the edit is refused",
        "这次编辑会把模型输出“{node}”（输出 {output}）变成它的第一个输出，而画布还不能显示它；编辑已被拒绝",
    ),
    "model_ref_broken": (
        "model {model!r} has problems of its own; fix them first",
        "模型“{model}”本身有问题，请先修正",
    ),
    "model_input_mismatch": (
        "model {model!r} expects {wanted} on input {port}, got {given}",
        "模型“{model}”的输入 {port} 需要形状 {wanted}，实际得到 {given}",
    ),
    "model_inputs_list": (
        "the inputs of model {model!r} must list Input nodes of the model, each once; found {found}",
        "模型“{model}”的 inputs 列表必须列出本模型的 Input 层，每个只列一次；实际是 {found}",
    ),
    "model_outputs_list": (
        "the outputs of model {model!r} must list nodes of the model, each once; found {found}",
        "模型“{model}”的 outputs 列表必须列出本模型的层，每个只列一次；实际是 {found}",
    ),
    "found_nothing": ("nothing", "空列表"),
    "found_repeated": ("a repeated id", "重复的 ID"),
    "input_not_listed": (
        "Input {input!r} feeds an output of model {model!r} but is not in its inputs list",
        "Input“{input}”连到了模型“{model}”的输出，但不在它的 inputs 列表中",
    ),
    "input_unconnected": ("Input {node!r} is not connected to any layer", "Input“{node}”没有连接到任何层"),
    "dead_end": ("{node!r} does not lead to any output of model {model!r}", "“{node}”没有通向模型“{model}”的任何输出"),
    "no_output": ("model {model!r} has no output", "模型“{model}”没有输出"),
    "internal": ("checking stopped: {error}", "检查中止：{error}"),
    # layers Keras judges
    "unknown_layer": (
        "unknown layer type {layer!r}: neither the catalog nor keras.layers has it",
        "未知的层类型 {layer!r}：层目录和 keras.layers 中都没有它",
    ),
    "keras_cannot": ("{layer} cannot take these inputs: {error}", "{layer} 无法接受这些输入：{error}"),
    "keras_refused": ("Keras refused {layer}: {reason}", "Keras 拒绝了 {layer}：{reason}"),
    "keras_detail": ("{detail}", "Keras 无法构建这个层：{detail}"),
    # guards
    "layer_reason": ("{layer} {why}", "{layer} {why}"),
    "unsafe": ("node {node!r} is refused because {reason}; {opt_in}", "节点“{node}”被拒绝，因为 {reason}；{opt_in}"),
    "too_large_node": (
        "{node!r} would hold {count:,} weights ({size}), more than the {limit} nnbuilder builds: "
        "make the layer smaller",
        "“{node}”会有 {count:,} 个权重（{size}），超过 nnbuilder 能构建的上限 {limit}：请把这个层改小",
    ),
    "too_large_model": (
        "model {model!r} would hold {count:,} weights ({size}), more than the {limit} nnbuilder "
        "builds: make its layers smaller",
        "模型“{model}”会有 {count:,} 个权重（{size}），超过 nnbuilder 能构建的上限 {limit}：请把它的层改小",
    ),
    # shape rules shared by the layer specs
    "rank_expects": (
        "{layer} expects {what}, but its input is {kind} {shape}",
        "{layer} 需要输入{what}，但它的输入是{kind} {shape}",
    ),
    "min_rank": (
        "{layer} needs an input of rank {rank} or more (batch axis included), got {shape}",
        "{layer} 需要秩至少为 {rank} 的输入（含批次维），实际得到 {shape}",
    ),
    "too_small_dim": (
        "{layer}: {what} leaves an output size of {value}; the input is too small for it",
        "{layer}：{what} 使输出尺寸变为 {value}；输入太小了",
    ),
    "window_longer": (
        "{layer}: {what} is longer than its {size}-step input with padding='valid'",
        "{layer}：{what} 比 {size} 步的输入还长（padding='valid'）",
    ),
    "window_larger": (
        "{layer}: {what} is larger than its {size} input with padding='valid'",
        "{layer}：{what} 比 {size} 的输入还大（padding='valid'）",
    ),
    "window": ("{noun} {size}", "{noun} {size}"),
    "window_dilated": ("{noun} {size} (dilated to {reach})", "{noun} {size}（膨胀后为 {reach}）"),
    "noun_kernel": ("kernel", "卷积核"),
    "noun_pool": ("pool", "池化窗口"),
    "unknown_channels": (
        "{layer} needs the channel axis of its input to be known to size its weights, got {shape}",
        "{layer} 需要知道输入的通道数才能确定权重大小，实际得到 {shape}",
    ),
    "strides_dilation": (
        "{layer}: strides {strides} cannot be combined with dilation_rate {dilation}; "
        "use strides of 1 or a dilation_rate of 1",
        "{layer}：strides {strides} 不能与 dilation_rate {dilation} 同时使用；请把 strides 或 dilation_rate 设为 1",
    ),
    "kind_2": ("a vector (batch, features)", "向量（批次, 特征）"),
    "kind_3": ("a sequence (batch, steps, features)", "序列（批次, 时间步, 特征）"),
    "kind_4": ("an image (batch, height, width, channels)", "图像（批次, 高, 宽, 通道）"),
    "kind_5": ("a volume (batch, depth, height, width, channels)", "三维数据（批次, 深, 高, 宽, 通道）"),
    "kind_steps": ("a sequence (batch, steps, channels)", "序列（批次, 时间步, 通道）"),
    "kind_steps_first": ("a sequence (batch, channels, steps)", "序列（批次, 通道, 时间步）"),
    "kind_4_first": ("an image (batch, channels, height, width)", "图像（批次, 通道, 高, 宽）"),
    "kind_5_first": ("a volume (batch, channels, depth, height, width)", "三维数据（批次, 通道, 深, 高, 宽）"),
    "kind_images": ("images (batch, height, width, channels)", "图像（批次, 高, 宽, 通道）"),
    "kind_images_first": ("images (batch, channels, height, width)", "图像（批次, 通道, 高, 宽）"),
    "kind_rank": ("a rank-{rank} tensor", "{rank} 阶张量"),
}
MESSAGES.update(OP_MESSAGES)  # operation nodes' messages live in their own table
MESSAGES.update(APPLICATION_MESSAGES)  # and pretrained backbones' in theirs


_W = TypeVar("_W", bound="Words")


class Words(str):
    """A message that reads in English as a str and in any language with `.say(language)`: a row of MESSAGES,
    or of the `table` a subclass names."""

    table: ClassVar[WordTable] = MESSAGES
    key: str
    values: dict[str, Any]

    def __new__(cls: type[_W], key: str, values: dict[str, Any], english: str | None = None) -> _W:
        self = super().__new__(cls, english if english is not None else _render(cls.table, "en", key, values))
        self.key, self.values = key, values
        return self

    def say(self, language: str) -> str:
        if language == "en":
            return str(self)
        return _render(self.table, language, self.key, self.values)

    def __reduce__(self) -> tuple[Any, ...]:
        return _remade, (type(self), self.key, self.values, str(self))


def _remade(kind: type[Words], key: str, values: dict[str, Any], english: str) -> Words:
    """A Words (or subclass) as it was pickled."""
    made = str.__new__(kind, english)
    made.key, made.values = key, values
    return made


class Phrase(str):
    """English text made elsewhere (argument validation, trust refusals, per-layer shape rules),
    said in other languages through `PATTERNS`."""

    def say(self, language: str) -> str:
        return str(self) if language == "en" else translate(str(self), language)


def say(key: str, /, **values: Any) -> Words:
    """The message `key` of MESSAGES filled with `values` (a Words, a Phrase or anything format() takes)."""
    if key not in MESSAGES:
        raise KeyError(f"no problem message {key!r}")
    return Words(key, values)


def said(message: object, language: str) -> str:
    """`message` in `language`: a Words or Phrase speaks for itself, plain English goes through PATTERNS."""
    if hasattr(message, "say"):
        spoken: str = message.say(language)
        return spoken
    return str(message) if language == "en" else translate(str(message), language)


def _render(table: WordTable, language: str, key: str, values: dict[str, Any]) -> str:
    shown = {name: said(v, language) if isinstance(v, (Words, Phrase)) else v for name, v in values.items()}
    return word_in(table, language, key, **shown)
