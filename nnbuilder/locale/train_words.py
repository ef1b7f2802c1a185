"""The training settings form's words: labels in English and Chinese, Chinese help for the entries of
the choice tables (whose own help is English), and the training checks' own sentences in Chinese."""

from __future__ import annotations

from nnbuilder.locale.problem_patterns import SentenceTable

LABELS = {
    "en": {
        "recipe": "Recipe", "optimizer": "Optimizer", "schedule": "Learning-rate schedule", "loss": "Loss",
        "metrics": "Metrics", "epochs": "Epochs", "batch_size": "Batch size", "validation_split": "Validation split",
        "seed": "Seed", "test_each_epoch": "Test each epoch", "callbacks": "Callbacks", "advanced": "Advanced",
        "run": "Run",
        "not_applied": "Not applied yet: fix the fields marked in red.",
        "help.recipe": "How the project's models are trained.", "help.optimizer": "How the weights follow the "
        "gradients.", "help.schedule": "How the learning rate changes while training.",
        "help.loss": "What training makes small.", "help.metrics": "Values reported beside the loss.",
        "param.learning_rate": "Learning rate", "param.momentum": "Momentum", "param.nesterov": "Nesterov momentum",
        "param.weight_decay": "Weight decay", "param.clipnorm": "Clip norm", "param.clipvalue": "Clip value",
        "param.beta_1": "Beta 1", "param.beta_2": "Beta 2", "param.epsilon": "Epsilon", "param.amsgrad": "AMSGrad",
        "param.rho": "Rho", "param.centered": "Centered", "param.initial_accumulator_value": "Initial accumulator",
        "param.decay_steps": "Decay steps", "param.decay_rate": "Decay rate", "param.staircase": "Staircase",
        "param.alpha": "Lowest fraction (alpha)", "param.warmup_steps": "Warmup steps",
        "param.first_decay_steps": "First period steps", "param.t_mul": "Period growth (t_mul)",
        "param.m_mul": "Restart height (m_mul)", "param.maximal_learning_rate": "Maximal learning rate",
        "param.step_size": "Half-cycle steps", "param.mode": "Mode", "param.monitor": "Watch",
        "param.patience": "Patience", "param.min_delta": "Smallest improvement",
        "param.restore_best_weights": "Restore best weights", "param.factor": "Factor",
        "param.min_lr": "Lowest learning rate", "param.filepath": "File name", "param.save_best_only": "Best only",
    },
    "zh": {
        "recipe": "训练方式", "optimizer": "优化器", "schedule": "学习率调度", "loss": "损失函数",
        "metrics": "评估指标", "epochs": "轮数", "batch_size": "批大小", "validation_split": "验证集比例",
        "seed": "随机种子", "test_each_epoch": "每轮测试",
        "callbacks": "回调", "advanced": "高级", "run": "运行", "not_applied": "尚未应用：请先修正标红的字段。",
        "help.recipe": "项目中的模型如何训练。", "help.optimizer": "权重如何根据梯度更新。",
        "help.schedule": "训练过程中学习率如何变化。", "help.loss": "训练要减小的量。",
        "help.metrics": "除损失外还要报告的数值。",
        "param.learning_rate": "学习率", "param.momentum": "动量", "param.nesterov": "Nesterov 动量",
        "param.weight_decay": "权重衰减", "param.clipnorm": "梯度范数裁剪", "param.clipvalue": "梯度值裁剪",
        "param.beta_1": "beta_1（一阶矩衰减）", "param.beta_2": "beta_2（二阶矩衰减）", "param.epsilon": "epsilon",
        "param.amsgrad": "AMSGrad", "param.rho": "rho（平方梯度衰减）", "param.centered": "中心化",
        "param.initial_accumulator_value": "累加器初始值", "param.decay_steps": "衰减步数",
        "param.decay_rate": "衰减率", "param.staircase": "阶梯式", "param.alpha": "最低比例 alpha",
        "param.warmup_steps": "预热步数", "param.first_decay_steps": "首个周期步数", "param.t_mul": "周期倍数 t_mul",
        "param.m_mul": "重启高度 m_mul", "param.maximal_learning_rate": "最大学习率", "param.step_size": "半周期步数",
        "param.mode": "模式", "param.monitor": "监控值", "param.patience": "耐心（轮数）",
        "param.min_delta": "最小改进", "param.restore_best_weights": "恢复最佳权重", "param.factor": "缩放因子",
        "param.min_lr": "最低学习率", "param.filepath": "文件名", "param.save_best_only": "只保存最佳",
        "title.recipe.supervised": "监督学习", "title.recipe.autoencoder": "自编码器",
        "title.recipe.gan": "GAN（生成对抗网络）", "title.schedule.constant": "固定",
        "title.schedule.step_decay": "阶梯衰减", "title.schedule.exponential_decay": "指数衰减",
        "title.schedule.cosine": "余弦衰减", "title.schedule.cosine_restarts": "带重启的余弦衰减",
        "title.schedule.cyclic": "循环", "title.loss.mse": "均方误差", "title.loss.mae": "平均绝对误差",
        "title.loss.huber": "Huber 损失", "title.loss.binary_crossentropy": "二元交叉熵",
        "title.loss.categorical_crossentropy": "分类交叉熵",
        "title.loss.sparse_categorical_crossentropy": "稀疏分类交叉熵", "title.metric.accuracy": "准确率",
        "title.metric.mae": "平均绝对误差", "title.metric.mse": "均方误差", "title.metric.precision": "精确率",
        "title.metric.recall": "召回率", "title.metric.top_k_categorical_accuracy": "Top-5 准确率",
        "title.callback.early_stopping": "提前停止", "title.callback.reduce_lr_on_plateau": "停滞时降低学习率",
        "title.callback.model_checkpoint": "保存最佳模型", "title.callback.terminate_on_nan": "出现 NaN 时停止",
    },
}  # fmt: skip

# Chinese help for the tables' entries ("<table>.<name>"); their parameters' help is in `train_param_help_zh`.
HELP_ZH = {
    "recipe.supervised": "让输入拟合已知目标（分类或回归）。", "recipe.autoencoder": "学习重建输入：目标就是输入本身。",
    "recipe.gan": "生成器和判别器在输入数据上相互对抗地训练。",
    "optimizer.sgd": "普通的随机梯度下降，可加动量。", "optimizer.adam": "自适应矩估计；大多数网络可靠的首选。",
    "optimizer.adamw": "权重衰减解耦的 Adam；泛化往往更好。",
    "optimizer.rmsprop": "按近期梯度大小缩放步长；RNN 的经典选择。",
    "optimizer.adagrad": "每个权重的学习率随历史梯度变小。", "optimizer.nadam": "带 Nesterov 动量的 Adam。",
    "schedule.constant": "保持优化器的学习率不变。",
    "schedule.step_decay": "每隔 decay_steps 个批次把学习率乘以 decay_rate。",
    "schedule.exponential_decay": "每 decay_steps 个批次按 decay_rate 缩小学习率，连续或阶梯式。",
    "schedule.cosine": "（可先预热）沿半个余弦曲线降到学习率的 alpha 倍。",
    "schedule.cosine_restarts": "余弦衰减，每个周期结束时从较高学习率重新开始（SGDR）。",
    "schedule.cyclic": "学习率在初始值和最大值之间反复上升下降。",
    "loss.mse": "实数目标的回归；大误差影响最大。", "loss.mae": "回归，离群点的影响比 mse 小。",
    "loss.huber": "回归：小误差取平方，大误差取绝对值。",
    "loss.binary_crossentropy": "是/否目标（0 或 1）配 sigmoid 输出；也适用于 [0, 1] 图像（自编码器、GAN）。",
    "loss.categorical_crossentropy": "多类别，one-hot 目标，softmax 输出。",
    "loss.sparse_categorical_crossentropy": "多类别，目标是整数类别编号，softmax 输出。",
    "metric.accuracy": "分类正确的比例；Keras 自动选择二元、分类或稀疏形式。", "metric.mae": "误差的平均大小。",
    "metric.mse": "误差平方的平均值。", "metric.auc": "ROC 曲线下面积：是/否得分对样本排序的好坏。",
    "metric.precision": "预测为正的样本中真正为正的比例。", "metric.recall": "正样本中被找出的比例。",
    "metric.top_k_categorical_accuracy": "真实类别在得分最高的 5 个之内的样本比例。",
    "callback.early_stopping": "监控值不再改进时停止训练。",
    "callback.reduce_lr_on_plateau": "监控值不再改进时把学习率乘以 factor。",
    "callback.model_checkpoint": "每当监控值改进时把模型保存为 .keras 文件。",
    "callback.terminate_on_nan": "损失一旦变成 NaN（非数）就停止。",
}  # fmt: skip

# The sentences of the training checks (nnbuilder/document/training_settings.py) beside their Chinese;
# a value refused by its setting's kind and bounds is said through `problem_patterns`.
PROBLEMS = [  # (English template, Chinese template); {name} matches any text
    ("unknown setting; known: {names}", "未知的设置；已知的设置：{names}"),
    ("expected an object of settings, got {value}", "应为由设置组成的对象，实际为 {value}"),
    ("expected a known {what} ({names}), got {value}", "应为已知的{what}（{names}），实际为 {value}"),
    ('expected an object with a "name", got {value}', '应为带有 "name" 的对象，实际为 {value}'),
    ("{what} {name} has no parameter {key}; its parameters: {names}",
     "{what} {name} 没有参数 {key}；它的参数：{names}"),
    ("expected a list of metric names, got {value}", "应为评估指标名称的列表，实际为 {value}"),
    ("expected each metric once, got {name} again", "每个评估指标只能出现一次，{name} 重复了"),
    ("metric {name} needs one of the losses {losses}, got {loss}",
     "评估指标 {name} 需要以下损失函数之一：{losses}，实际为 {loss}"),
    ("expected a list of callbacks, got {value}", "应为回调的列表，实际为 {value}"),
    ("expected clipnorm or clipvalue, got both", "clipnorm 和 clipvalue 只能设置其中一个，实际两个都设置了"),
    ("expected at least the optimizer's learning_rate ({base}), got {value}",
     "应不低于优化器的 learning_rate（{base}），实际为 {value}"),
    ("the gan recipe has no test loss to measure (its losses pit two models against each other); expected false",
     "gan 训练方式没有可测量的测试损失（它的损失让两个模型相互对抗）；应为 false"),
    ("the gan recipe trains in its own loop, which runs no Keras callbacks (it stops on NaN by itself); "
     "expected [], got {n} callbacks",
     "gan 训练方式使用自己的训练循环，不运行 Keras 回调（出现 NaN 时它会自行停止）；应为 []，实际有 {n} 个回调"),
    ("test values are shown, never watched: a callback that watches the test split tunes the run to it; "
     "watch {name} (the validation split) instead",
     "测试值只作显示，不被监控：监控测试集的回调会让训练迁就测试集；请改为监控 {name}（验证集）"),
    ("expected a logged value ({names}), got {value}", "应为一个记录值（{names}），实际为 {value}"),
    ("{name} is logged only when validation_split is above 0; watch {other} instead",
     "只有 validation_split 大于 0 时才会记录 {name}；请改为监控 {other}"),
    ("reduce_lr_on_plateau needs the constant schedule, got {name}",
     "reduce_lr_on_plateau 需要固定（constant）学习率调度，实际为 {name}"),
    ("expected a plain file name ending in .keras such as best.keras, got {value}",
     "应为以 .keras 结尾的普通文件名（例如 best.keras），实际为 {value}"),
]  # fmt: skip

WHAT = {  # the {what} of those sentences: which table a name belongs to
    "recipe": "训练方式", "optimizer": "优化器", "schedule": "学习率调度", "loss": "损失函数", "metric": "评估指标",
    "callback": "回调",
}  # fmt: skip


def _fill(name: str, value: str) -> str:
    if name == "what":
        return WHAT.get(value, value)
    return "无" if name == "names" and value == "none" else value


said_problem = SentenceTable(PROBLEMS, _fill).say
"""A problem the training checks found, in a language (as it is where no sentence knows it)."""
