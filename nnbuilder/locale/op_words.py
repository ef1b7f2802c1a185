"""Problem messages about operation nodes (keras.ops functions), in English and Chinese.

Merged into `nnbuilder.locale.problem_words.MESSAGES`, so `say(key, ...)` reaches them like any other.
"""

from __future__ import annotations

OP_MESSAGES = {  # key: (English, Chinese)
    "op_unknown": (
        "{op!r} is not a keras.ops function nnbuilder can use",
        "{op!r} 不是 nnbuilder 能使用的 keras.ops 函数",
    ),
    "op_unsafe": ("ops.{op} {why}", "ops.{op} {why}"),
    "op_no_param": (
        "ops.{op} has no argument {key!r}; it takes {known}",
        "ops.{op} 没有参数 {key!r}；它的参数是 {known}",
    ),
    "op_edge_arg": (
        "the edge from {source!r} into ops.{op} names no argument; name the one it feeds, e.g. {example!r}",
        "从“{source}”连到 ops.{op} 的连线没有指明参数；请写明它连到哪个参数，例如 {example!r}",
    ),
    "op_no_tensor": (
        "ops.{op} gets no tensor: an Op node computes on the tensors its edges bring; connect one",
        "ops.{op} 没有得到任何张量：Op 节点只对连线传来的张量做运算；请连接一个张量",
    ),
    "op_missing": (
        "ops.{op} needs {arg!r}: connect a tensor to it or give it a value",
        "ops.{op} 需要 {arg!r}：请给它连接一个张量或设置一个值",
    ),
    "op_tensor_only": (
        "ops.{op} takes {arg!r} only as a tensor: connect an edge to it instead of giving a value",
        "ops.{op} 的 {arg!r} 只接受张量：请连接一条线，而不是设置一个值",
    ),
    "op_twice": (
        "ops.{op} gets {arg!r} both from an edge and from its settings; keep one",
        "ops.{op} 的 {arg!r} 既来自连线又来自设置；只能保留一个",
    ),
    "op_not_tensor": (
        "ops.{op} takes no tensor as {arg!r}; it takes tensors as {known}",
        "ops.{op} 的 {arg!r} 不接受张量；接受张量的参数是 {known}",
    ),
    "op_one_tensor": (
        "ops.{op} takes one tensor as {arg!r}, got {count}",
        "ops.{op} 的 {arg!r} 只接受一个张量，实际连了 {count} 个",
    ),
    "op_constant": (
        "ops.{op}: {arg} must be a tensor or a number, got {found}",
        "ops.{op}：{arg} 必须是张量或数字，实际是 {found}",
    ),
    "op_value": ("ops.{op}: {arg} {problem}", "ops.{op}：{arg} {problem}"),
    "op_want_int": ("must be a whole number", "必须是整数"),
    "op_want_ints": ("must be a whole number or a list of them", "必须是整数或整数列表"),
    "op_want_sizes": ("must be a list of sizes", "必须是尺寸列表"),
    "op_want_reshape": (
        "must hold sizes of 0 or more, or -1 for one unknown size",
        "中的尺寸必须大于等于 0，或用 -1 表示一个未知尺寸",
    ),
    "op_want_positive": ("must be 1 or more", "必须大于等于 1"),
    "op_want_nonnegative": ("must be 0 or more", "必须大于等于 0"),
    "op_want_step": ("holds a slice whose step is 0", "中有步长为 0 的切片"),
    "op_want_subscripts": ("must be text such as 'ij,jk->ik'", "必须是类似 'ij,jk->ik' 的文本"),
    "op_want_pairs": ("must be pairs of sizes [[before, after], ...]", "必须是成对的尺寸 [[前, 后], ...]"),
    "op_broadcast": (
        "ops.{op} cannot broadcast {first} with {second}: sizes {a} and {b} differ and neither is 1",
        "ops.{op} 无法广播 {first} 与 {second}：尺寸 {a} 和 {b} 不同，且都不是 1",
    ),
    "op_axis": (
        "ops.{op}: axis {axis} does not exist in a tensor of shape {shape}",
        "ops.{op}：形状为 {shape} 的张量没有轴 {axis}",
    ),
    "op_axis_twice": ("ops.{op}: axis {axis} is named twice", "ops.{op}：轴 {axis} 出现了两次"),
    "op_reshape": (
        "ops.{op} cannot turn {shape} ({size} values) into {target}",
        "ops.{op} 无法把 {shape}（共 {size} 个值）变成 {target}",
    ),
    "op_reshape_unknown": (
        "ops.{op}: {target} may hold at most one -1",
        "ops.{op}：{target} 中最多只能有一个 -1",
    ),
    "op_permutation": (
        "ops.{op}: axes {axes} must name each of the {rank} axes of {shape} once",
        "ops.{op}：axes {axes} 必须把 {shape} 的 {rank} 个轴各列一次",
    ),
    "op_squeeze": (
        "ops.{op}: axis {axis} of {shape} has size {size}; only axes of size 1 can be removed",
        "ops.{op}：{shape} 的轴 {axis} 尺寸为 {size}；只能去掉尺寸为 1 的轴",
    ),
    "op_join": (
        "ops.{op}: {arg}[{port}] has shape {found}, which does not match {first}{outside}",
        "ops.{op}：{arg}[{port}] 的形状是 {found}，与 {first} 不一致{outside}",
    ),
    "op_join_axis": (" outside axis {axis}", "（轴 {axis} 除外）"),
    "op_split": (
        "ops.{op}: axis {axis} of {shape} has size {size}, which does not split into {parts} equal parts",
        "ops.{op}：{shape} 的轴 {axis} 尺寸为 {size}，不能平均分成 {parts} 份",
    ),
    "op_index": (
        "ops.{op}: index {index} is outside axis {axis} of {shape}",
        "ops.{op}：索引 {index} 超出了 {shape} 的轴 {axis}",
    ),
    "op_key": (
        "ops.{op}: the key {key} {problem} for a tensor of shape {shape}",
        "ops.{op}：键 {key} 不适用于形状为 {shape} 的张量：{problem}",
    ),
    "op_key_many": ("indexes more axes than it has", "索引的轴多于张量的轴"),
    "op_key_ellipsis": ("holds more than one ...", "含有不止一个 ..."),
    "op_key_item": (
        "holds {item}, which is not an index, a slice, ... or None",
        "含有 {item}，它不是索引、切片、... 或 None",
    ),
    "op_matmul": (
        "ops.{op}: the last axis of x1 {first} must equal the second-last axis of x2 {second}",
        "ops.{op}：x1 {first} 的最后一个轴必须等于 x2 {second} 的倒数第二个轴",
    ),
    "op_scalar": (
        "ops.{op} needs tensors of rank 1 or more, got {shape}",
        "ops.{op} 需要秩至少为 1 的张量，实际是 {shape}",
    ),
    "op_einsum": (
        "ops.{op}: the subscripts {subscripts!r} do not fit the inputs {shapes}: {problem}",
        "ops.{op}：下标 {subscripts!r} 与输入 {shapes} 不符：{problem}",
    ),
    "op_einsum_count": ("they name {named} inputs", "下标写了 {named} 个输入"),
    "op_einsum_rank": (
        "input {port} has rank {rank}, its subscripts {letters!r}",
        "输入 {port} 的秩为 {rank}，下标是 {letters!r}",
    ),
    "op_einsum_size": ("{letter!r} stands for sizes {a} and {b}", "{letter!r} 同时代表尺寸 {a} 和 {b}"),
    "op_einsum_letter": ("the output names {letter!r}, which no input has", "输出中的 {letter!r} 不在任何输入中"),
    "op_repeats": (
        "ops.{op}: {repeats} does not fit {shape}: {count} repeats for {size} entries",
        "ops.{op}：{repeats} 与 {shape} 不符：{size} 个元素却有 {count} 个重复次数",
    ),
    "op_pad": (
        "ops.{op}: pad_width has {count} pairs, but {shape} has {rank} axes (give one pair, or one per axis)",
        "ops.{op}：pad_width 有 {count} 对数值，但 {shape} 有 {rank} 个轴（请给一对，或每个轴一对）",
    ),
}
"""Every operation-node message; `say()` finds them by key."""
