"""Chinese help for the training settings and the parameters of optimizers, schedules and callbacks,
beside the English help in `nnbuilder.document.training_choices`."""

from __future__ import annotations

RUN_HELP_ZH = {  # the run settings: training.<name>
    "epochs": "遍历训练数据的次数。",
    "batch_size": "每次更新使用的样本数。",
    "validation_split": "留作验证的训练数据比例。",
    "seed": "可重复运行的随机种子（留空 = 随机）。",
    "test_each_epoch": "每轮结束后也在测试集上计算损失和指标，只作显示：训练、验证和回调都看不到这些值。",
}

PARAM_HELP_ZH = {  # a parameter of an optimizer, schedule or callback, by name
    "learning_rate": "每次更新的步长；最重要的参数。",
    "momentum": "保留上一次更新的比例，使下降更平滑（0 = 不用）。",
    "nesterov": "Nesterov 动量：先向前看一步再求梯度。",
    "beta_1": "梯度滑动平均的衰减（动量）。",
    "beta_2": "梯度平方滑动平均的衰减。",
    "rho": "梯度平方滑动平均的衰减。",
    "weight_decay": "每步把权重稍微缩小一点（留空 = 不用）。",
    "epsilon": "避免除以零的小常数。",
    "amsgrad": "使用 AMSGrad 变体，保留最大的梯度平方平均。",
    "clipnorm": "把每个梯度的范数限制在此值以内（留空 = 不裁剪）。",
    "clipvalue": "把梯度元素裁剪到 [-值, 值]（留空 = 不裁剪）。",
    "centered": "用梯度方差而不是二阶矩来归一化。",
    "initial_accumulator_value": "梯度平方和的初始值。",
    "decay_steps": "两次衰减之间的批次数（留空 = 一个轮次）。",
    "decay_rate": "每次衰减乘上的因子。",
    "staircase": "按整步下降，而不是连续下降。",
    "alpha": "最低学习率，占初始学习率的比例。",
    "warmup_steps": "开始时学习率从 0 线性升到设定值所用的批次数。",
    "first_decay_steps": "第一个周期的批次数（留空 = 一个轮次）。",
    "t_mul": "每个周期比上一个长多少倍。",
    "m_mul": "每次重启从上一次峰值的多少比例开始。",
    "maximal_learning_rate": "每个周期的最高学习率，不低于学习率（留空 = 学习率的十倍）。",
    "step_size": "半个周期的批次数（留空 = 两个轮次）。",
    "mode": "triangular：每个周期高度相同；triangular2：每个周期高度减半。",
    "monitor": "要监控的记录值：损失或某个指标，前加 val_ 表示验证集上的值。",
    "patience": "多少个轮次没有改进后触发。",
    "min_delta": "算作改进的最小变化。",
    "restore_best_weights": "停止时恢复到最佳轮次的权重。",
    "factor": "学习率乘上的因子。",
    "min_lr": "学习率不会低于此值。",
    "filepath": "以 .keras 结尾的文件名，保存在本次运行的文件夹中。",
    "save_best_only": "只在监控值改进时保存。",
}

OWN_HELP_ZH = {  # a parameter whose help differs in one entry: "<table>.<entry>.<name>"
    "schedule.cosine.decay_steps": "衰减所用的批次数（留空 = 剩余的全部训练）。",
}


def train_param_help_zh(name: str, entry: str = "") -> str:
    """The Chinese help of training setting `name`: a run setting when `entry` is "", else a parameter of
    `entry` ("optimizer.adam", "schedule.cosine", "callback.early_stopping"); "" when none is written."""
    if not entry:
        return RUN_HELP_ZH.get(name, "")
    return OWN_HELP_ZH.get(f"{entry}.{name}") or PARAM_HELP_ZH.get(name, "")
