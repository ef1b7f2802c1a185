"""Operation nodes: the keras.ops functions a project can call, with their shape rules and help.

An Op node (`layer: "Op"`, `op: "mean"`) calls `keras.ops.<op>`. Its edges name the function's tensor
arguments (`arg: "x1"`; `port` orders the tensors of a list argument such as concatenate's `xs`), and
its `config` holds the other arguments by name (`{"axis": 1}`), a number standing in for a tensor too
(`{"x2": 0.5}` for `x * 0.5`). The table's shape rules are Keras' own, in pure Python; an op outside this
table is checked by Keras itself. Nothing here imports Keras.

The rules live in `_op_math_rules` and `_op_shape_rules`, what they share in `_op_rule_tools`; the get_item
key's JSON form in `op_keys`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import nnbuilder.catalog._op_math_rules as math_rules
import nnbuilder.catalog._op_shape_rules as shape_rules
from nnbuilder.catalog._op_rule_tools import Operands, Rule
from nnbuilder.catalog._spec import Config
from nnbuilder.document.params import REQUIRED, Param


@dataclass(frozen=True)
class TensorParam:
    """A tensor argument of an op: fed by edges that name it, or (when `constant`) by a number in `config`."""

    name: str
    many: bool = False  # a list of tensors (concatenate's xs, stack's x, einsum's operands)
    constant: bool = False  # a number may stand in for the tensor: `x * 0.5`
    star: bool = False  # given one by one, as `*operands` (einsum)


@dataclass(frozen=True)
class OpSpec:
    """One keras.ops function: its tensor arguments, its other arguments, its shape rule and its help."""

    name: str  # the keras.ops function, e.g. "mean"
    category: str
    tensor_params: tuple[TensorParam, ...]
    params: tuple[Param, ...]
    infer: Rule
    help_en: str
    help_zh: str
    operator: str | None = None  # how Python writes it: "+", "-x", "x[key]"

    def tensor_param(self, name: str) -> TensorParam | None:
        return next((t for t in self.tensor_params if t.name == name), None)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def argument_names(self) -> tuple[str, ...]:
        """Every argument of the function, tensors first, in signature order."""
        return tuple(t.name for t in self.tensor_params) + tuple(p.name for p in self.params)

    def full_config(self, config: Config) -> Config:
        """`config` with the default of every argument it leaves out."""
        return {**{p.name: p.default for p in self.params if not p.required}, **config}

    def output_names(self, count: int) -> tuple[str, ...]:
        """A name per output of a node calling this op with `count` outputs ("" for the first), as code names them."""
        return ("", *(f"output_{k}" for k in range(1, count)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "operator": self.operator,
            "tensors": [{"name": t.name, "many": t.many, "constant": t.constant} for t in self.tensor_params],
            "params": [p.to_dict() for p in self.params],
            "help": {"en": self.help_en, "zh": self.help_zh},
        }


# ---------------------------------------------------------------- the table

X = (TensorParam("x"),)
X1_X2 = (TensorParam("x1", constant=True), TensorParam("x2", constant=True))
AXIS_ANY = Param("axis", "axes", None, help="Axis or axes to work along; none means all of them.")
AXIS_FLAT = Param("axis", "int", None, help="Axis to search; none means the flattened tensor.")
KEEPDIMS = Param("keepdims", "bool", False, help="Keep the reduced axes with size 1.")
PAD_MODES = (
    "constant",
    "edge",
    "linear_ramp",
    "maximum",
    "mean",
    "median",
    "minimum",
    "reflect",
    "symmetric",
    "wrap",
    "empty",
)


def _binary_spec(name: str, operator: str | None, en: str, zh: str) -> OpSpec:
    return OpSpec(name, "arithmetic", X1_X2, (), math_rules.binary(name), en, zh, operator)


def _x_spec(
    category: str, name: str, infer: Rule, en: str, zh: str, *params: Param, operator: str | None = None
) -> OpSpec:
    """An op on one tensor, `x`, and the other arguments `params`."""
    return OpSpec(name, category, X, params, infer, en, zh, operator)


def _unary_spec(name: str, en: str, zh: str, *params: Param, operator: str | None = None) -> OpSpec:
    return _x_spec("elementwise", name, math_rules.elementwise, en, zh, *params, operator=operator)


def _softmax_spec(name: str, axis_help: str, en: str, zh: str) -> OpSpec:
    axis = Param("axis", "int", -1, help=axis_help)
    return _x_spec("elementwise", name, math_rules.along_axis(name), en, zh, axis)


def _reduction_spec(name: str, en: str, zh: str, *extra: Param, axis: Param = AXIS_ANY) -> OpSpec:
    return _x_spec("reduction", name, math_rules.reduction(name), en, zh, axis, KEEPDIMS, *extra)


def _shape_spec(name: str, infer: Rule, en: str, zh: str, *params: Param, operator: str | None = None) -> OpSpec:
    return _x_spec("shape", name, infer, en, zh, *params, operator=operator)


def _join_spec(name: str, tensors: str, infer: Rule, axis_help: str, en: str, zh: str) -> OpSpec:
    """An op on a list of tensors, `tensors`, along one axis."""
    axis = Param("axis", "int", 0, help=axis_help)
    return OpSpec(name, "shape", (TensorParam(tensors, many=True),), (axis,), infer, en, zh)


SPECS: tuple[OpSpec, ...] = (
    # element by element on two tensors (or a tensor and a number), broadcasting
    _binary_spec("add", "+", "Add element by element.", "逐元素相加。"),
    _binary_spec("subtract", "-", "Subtract element by element.", "逐元素相减。"),
    _binary_spec("multiply", "*", "Multiply element by element.", "逐元素相乘。"),
    _binary_spec("divide", None, "Divide element by element.", "逐元素相除。"),
    _binary_spec("true_divide", "/", "Divide element by element (x1 / x2).", "逐元素相除（x1 / x2）。"),
    _binary_spec("floor_divide", "//", "Divide and round down, element by element.", "逐元素整除（向下取整）。"),
    _binary_spec("mod", "%", "Remainder of the division, element by element.", "逐元素取余数。"),
    _binary_spec("power", "**", "Raise x1 to the power x2, element by element.", "逐元素求 x1 的 x2 次幂。"),
    _binary_spec("maximum", None, "The larger of the two, element by element.", "逐元素取较大值。"),
    _binary_spec("minimum", None, "The smaller of the two, element by element.", "逐元素取较小值。"),
    _binary_spec("greater", ">", "x1 > x2, element by element (true or false).", "逐元素比较 x1 > x2（真或假）。"),
    _binary_spec("greater_equal", ">=", "x1 >= x2, element by element.", "逐元素比较 x1 >= x2。"),
    _binary_spec("less", "<", "x1 < x2, element by element.", "逐元素比较 x1 < x2。"),
    _binary_spec("less_equal", "<=", "x1 <= x2, element by element.", "逐元素比较 x1 <= x2。"),
    _binary_spec("equal", None, "x1 == x2, element by element.", "逐元素比较 x1 == x2。"),
    _binary_spec("not_equal", "!=", "x1 != x2, element by element.", "逐元素比较 x1 != x2。"),
    _binary_spec("logical_and", "&", "Logical and, element by element.", "逐元素逻辑与。"),
    _binary_spec("logical_or", "|", "Logical or, element by element.", "逐元素逻辑或。"),
    OpSpec(
        "where",
        "arithmetic",
        (TensorParam("condition"), *X1_X2),
        (),
        math_rules.where,
        "Take x1 where the condition holds and x2 elsewhere.",
        "条件成立处取 x1，其余处取 x2。",
    ),
    OpSpec(
        "matmul",
        "linear algebra",
        (TensorParam("x1"), TensorParam("x2")),
        (),
        math_rules.matmul,
        "Matrix product over the last two axes (x1 @ x2), the leading axes broadcast.",
        "在最后两个轴上做矩阵乘法（x1 @ x2），前面的轴广播。",
        "@",
    ),
    OpSpec(
        "einsum",
        "linear algebra",
        (TensorParam("operands", many=True, star=True),),
        (Param("subscripts", "str", REQUIRED, help="Einstein summation, e.g. 'bij,bjk->bik'."),),
        math_rules.einsum,
        "Einstein summation over the inputs, as the subscripts say.",
        "按下标描述对输入做爱因斯坦求和。",
    ),
    # element by element on one tensor
    _unary_spec("negative", "Change the sign.", "取相反数。", operator="-"),
    _unary_spec("absolute", "Absolute value.", "取绝对值。"),
    _unary_spec("exp", "Exponential.", "指数函数。"),
    _unary_spec("log", "Natural logarithm.", "自然对数。"),
    _unary_spec("sqrt", "Square root.", "平方根。"),
    _unary_spec("square", "Square.", "平方。"),
    _unary_spec("sign", "Sign: -1, 0 or 1.", "符号：-1、0 或 1。"),
    _unary_spec("floor", "Round down.", "向下取整。"),
    _unary_spec("logical_not", "Logical not.", "逻辑非。", operator="~"),
    _unary_spec("relu", "Rectified linear unit: max(x, 0).", "线性整流：max(x, 0)。"),
    _unary_spec("relu6", "ReLU capped at 6.", "上限为 6 的 ReLU。"),
    _unary_spec("sigmoid", "Logistic sigmoid.", "Sigmoid 函数。"),
    _unary_spec("hard_sigmoid", "Piecewise-linear sigmoid.", "分段线性的 Sigmoid。"),
    _unary_spec("tanh", "Hyperbolic tangent.", "双曲正切。"),
    _unary_spec("softplus", "Softplus: log(1 + exp(x)).", "Softplus：log(1 + exp(x))。"),
    _unary_spec("silu", "SiLU (swish): x * sigmoid(x).", "SiLU（swish）：x * sigmoid(x)。"),
    _unary_spec(
        "gelu",
        "Gaussian error linear unit.",
        "高斯误差线性单元。",
        Param("approximate", "bool", True, help="Use the tanh approximation."),
    ),
    _softmax_spec(
        "softmax",
        "Axis along which the values sum to 1.",
        "Softmax along an axis: values that sum to 1.",
        "沿某个轴做 Softmax：各值之和为 1。",
    ),
    _softmax_spec(
        "log_softmax",
        "Axis along which to normalise.",
        "Logarithm of the softmax along an axis.",
        "沿某个轴求 Softmax 的对数。",
    ),
    _unary_spec(
        "cast",
        "Change the data type.",
        "转换数据类型。",
        Param("dtype", "str", REQUIRED, help="The new data type, e.g. 'float16'."),
    ),
    _unary_spec(
        "clip",
        "Limit the values to [x_min, x_max].",
        "把数值限制在 [x_min, x_max] 之间。",
        Param("x_min", "float", REQUIRED, help="Smallest value kept."),
        Param("x_max", "float", REQUIRED, help="Largest value kept."),
    ),
    # reductions
    _reduction_spec("mean", "Mean over the axes.", "沿指定轴求平均值。"),
    _reduction_spec("sum", "Sum over the axes.", "沿指定轴求和。"),
    _reduction_spec(
        "max", "Largest value over the axes.", "沿指定轴求最大值。", Param("initial", "float", None, advanced=True)
    ),
    _reduction_spec(
        "min", "Smallest value over the axes.", "沿指定轴求最小值。", Param("initial", "float", None, advanced=True)
    ),
    _reduction_spec("prod", "Product over the axes.", "沿指定轴求乘积。", Param("dtype", "str", None, advanced=True)),
    _reduction_spec("std", "Standard deviation over the axes.", "沿指定轴求标准差。"),
    _reduction_spec("var", "Variance over the axes.", "沿指定轴求方差。"),
    _reduction_spec("logsumexp", "log(sum(exp(x))) over the axes.", "沿指定轴求 log(sum(exp(x)))。"),
    _reduction_spec("any", "Whether any value over the axes is true.", "沿指定轴判断是否有值为真。"),
    _reduction_spec("all", "Whether all values over the axes are true.", "沿指定轴判断是否全部为真。"),
    _reduction_spec("argmax", "Index of the largest value along an axis.", "沿某个轴求最大值的索引。", axis=AXIS_FLAT),
    _reduction_spec("argmin", "Index of the smallest value along an axis.", "沿某个轴求最小值的索引。", axis=AXIS_FLAT),
    # shapes
    _shape_spec(
        "reshape",
        shape_rules.reshape,
        "Give the values a new shape (the batch axis included).",
        "改变张量的形状（包括批次维）。",
        Param("newshape", "any", REQUIRED, help="The new shape, batch axis included; -1 for one unknown size."),
    ),
    _shape_spec(
        "transpose",
        shape_rules.transpose,
        "Reorder the axes.",
        "调换轴的顺序。",
        Param("axes", "any", None, help="The new order of the axes; none reverses them."),
    ),
    _shape_spec(
        "expand_dims",
        shape_rules.expand_dims,
        "Insert an axis of size 1.",
        "插入一个尺寸为 1 的轴。",
        Param("axis", "axes", REQUIRED, help="Where the new axis of size 1 goes."),
    ),
    _shape_spec(
        "squeeze",
        shape_rules.squeeze,
        "Remove axes of size 1.",
        "去掉尺寸为 1 的轴。",
        Param("axis", "axes", None, help="Axes of size 1 to remove; none removes every one."),
    ),
    _join_spec(
        "concatenate",
        "xs",
        shape_rules.concatenate,
        "Axis to join along.",
        "Join tensors along an existing axis.",
        "沿已有的轴拼接张量。",
    ),
    _join_spec(
        "stack",
        "x",
        shape_rules.stack,
        "Where the new axis goes.",
        "Stack tensors of one shape along a new axis.",
        "沿新轴堆叠形状相同的张量。",
    ),
    _shape_spec(
        "split",
        shape_rules.split,
        "Cut a tensor into several along an axis (one output per part).",
        "沿某个轴把张量切成几份（每份一个输出）。",
        Param("indices_or_sections", "any", REQUIRED, help="Number of equal parts, or the indices to cut at."),
        Param("axis", "int", 0, help="Axis to cut."),
    ),
    _shape_spec(
        "get_item",
        shape_rules.get_item,
        "Take part of a tensor: x[key].",
        "取张量的一部分：x[key]。",
        Param("key", "any", REQUIRED, help="The index, as Python writes it between brackets."),
        operator="x[key]",
    ),
    _shape_spec(
        "tile",
        shape_rules.tile,
        "Repeat the whole tensor along each axis.",
        "沿各个轴重复整个张量。",
        Param("repeats", "any", REQUIRED, help="How often to repeat the tensor along each axis."),
    ),
    _shape_spec(
        "repeat",
        shape_rules.repeat,
        "Repeat each entry along an axis.",
        "沿某个轴重复每个元素。",
        Param("repeats", "any", REQUIRED, help="How often to repeat each entry."),
        Param("axis", "int", None, help="Axis to repeat along; none flattens first."),
    ),
    _shape_spec(
        "pad",
        shape_rules.pad,
        "Pad the tensor along its axes.",
        "沿各个轴填充张量。",
        Param("pad_width", "any", REQUIRED, help="[before, after] sizes for each axis, batch axis included."),
        Param("mode", "choice", "constant", choices=PAD_MODES),
        Param("constant_values", "float", None, help="The value padded in (constant mode)."),
    ),
    _shape_spec(
        "broadcast_to",
        shape_rules.broadcast_to,
        "Repeat the tensor to a larger shape by broadcasting.",
        "通过广播把张量扩展到更大的形状。",
        Param("shape", "any", REQUIRED, help="The full shape to broadcast to, batch axis included."),
    ),
)

_BY_NAME = {spec.name: spec for spec in SPECS}
if len(_BY_NAME) != len(SPECS):
    raise RuntimeError("duplicate op spec")

LIST_PARAMS = frozenset({"xs", "tensors", "arrays", "operands", "inputs"})
"""Arguments of keras.ops functions outside the table that take a list of tensors."""

LIST_RESULTS = frozenset({"split"})
"""Ops of the table that return a list of tensors, however many."""


def op_specs() -> dict[str, OpSpec]:
    """Every op of the table by keras.ops function name."""
    return dict(_BY_NAME)


def get_op_spec(name: str) -> OpSpec | None:
    """The table's spec of the keras.ops function `name`, or None (Keras then checks the op)."""
    return _BY_NAME.get(name)


def operand_shapes(spec: OpSpec, config: Config, shapes: Operands) -> Operands:
    """The shapes of every tensor argument: those edges bring, and () for a number given in `config`."""
    out = dict(shapes)
    for tensor in spec.tensor_params:
        if tensor.name not in out and tensor.constant and tensor.name in config:
            out[tensor.name] = ()
    return out
