"""The views' words in English and Chinese: one teaching paragraph per view (what it shows, what to look for)
and the sentences the views' errors are made of."""

from __future__ import annotations

from nnbuilder.locale.word_tables import WordTable, word_in

VIEW_TEXT: WordTable = {  # view key: (English, Chinese)
    "activations": (
        "What each layer outputs for one sample, as an image or a strip of numbers per node. Follow the sample "
        "through the network: early layers keep much of the input's pattern, later ones become abstract. Look "
        "for layers that are almost all zero (dead ReLUs: those units pass nothing on and learn nothing) and "
        "for sigmoid or tanh layers stuck at their limits (saturated units, whose gradient is close to zero).",
        "同一个样本在每一层的输出，每个节点显示为一张图或一条数值带。顺着样本穿过网络：前面的层还保留着输入的"
        "图案，后面的层越来越抽象。留意几乎全是零的层（死亡的 ReLU：这些单元不向后传递任何信息，也学不到东西），"
        "以及停在上下限的 sigmoid 或 tanh 层（饱和的单元，梯度几乎为零）。",
    ),
    "histograms": (
        "How the weights and their gradients are spread in each layer, epoch by epoch. Healthy weights change "
        "slowly and stay spread out. Gradients that shrink layer after layer towards the input mean vanishing "
        "gradients: the early layers barely learn. Gradients that grow very large, or a loss that turns into NaN, "
        "mean exploding gradients: lower the learning rate, clip the gradients or add normalization.",
        "每一层的权重及其梯度的分布，按轮次显示。健康的权重变化缓慢，并保持一定的分散程度。如果梯度从输出往输入方向"
        "一层比一层小，就是梯度消失：前面的层几乎学不到东西。如果梯度变得非常大，或者损失变成 NaN，就是梯度爆炸："
        "可以降低学习率、裁剪梯度或加入归一化层。",
    ),
    "training_step": (
        "One training step in numbers: the forward pass on a small batch, the loss, the gradient of every weight "
        "and the update the optimizer makes (for plain SGD, the learning rate times the gradient). It is the chain "
        "rule worked through: a gradient that is zero or huge here is the first sign of dead units or exploding "
        "gradients.",
        "用具体数字展示一次训练步骤：一个小批次的前向计算、损失、每个权重的梯度，以及优化器做出的更新（普通 SGD "
        "的更新就是学习率乘以梯度）。这就是链式法则的实际计算过程：如果这里的梯度为零或者特别大，往往最先说明"
        "存在死亡单元或梯度爆炸。",
    ),
    "activation_curve": (
        "An activation function and its derivative, as Keras computes them. The derivative is how much of the "
        "gradient passes back through the unit. Where it is zero, nothing passes: a ReLU whose input is always "
        "negative is dead, and a sigmoid or tanh far from zero is saturated, so the layers before it stop learning. "
        "Marked points have no single derivative (ReLU at 0); training uses the value shown there.",
        "Keras 计算出的激活函数及其导数。导数表示有多少梯度能穿过这个单元传回去。导数为零的地方什么也传不过去："
        "输入总是负数的 ReLU 就“死”了；远离零点的 sigmoid 或 tanh 处于饱和状态，它前面的层因此停止学习。标出的点"
        "没有唯一的导数（例如 ReLU 在 0 处），训练时使用图中在该点给出的值。",
    ),
    "loss_curve": (
        "The loss against the prediction for one fixed target, and its slope, which is the gradient that starts "
        "backpropagation. Mean squared error punishes large errors most and its slope shrinks near the target; "
        "mean absolute error has the same slope everywhere; Huber is between the two. Cross-entropy grows without "
        "limit as the probability of the right class goes to zero, so confident wrong answers cost the most.",
        "固定目标值时损失随预测值的变化，以及它的斜率，也就是反向传播开始时的梯度。均方误差对大误差惩罚最重，"
        "越接近目标斜率越小；平均绝对误差在各处的斜率大小都一样；Huber 损失介于两者之间。正确类别的概率趋向零时，"
        "交叉熵会无限增大，所以“很有把握却答错”的代价最高。",
    ),
    "schedule": (
        "The learning rate the optimizer will use at every step and at the end of every epoch, as the chosen "
        "schedule gives it. A constant rate is a flat line. Decay takes large steps early and small ones later, "
        "to settle into a minimum; warmup starts small so the first updates do not throw the weights off; "
        "restarts and cycles raise the rate again to escape poor regions.",
        "按所选的学习率调度，优化器在每一步以及每一轮结束时使用的学习率。恒定学习率是一条水平线。衰减让训练前期"
        "步子大、后期步子小，以便稳定地落入极小值；预热从很小的学习率开始，避免最初的更新把权重带偏；重启和循环会"
        "重新调高学习率，帮助跳出不好的区域。",
    ),
    "optimizer_paths": (
        "Real Keras optimizers walking down a function with two weights, from the same start. On the long narrow "
        "bowl, SGD zigzags across the steep direction and crawls along the flat one; momentum builds up speed "
        "along the valley; RMSprop and Adam divide each step by the recent size of that coordinate's gradient, so "
        "both directions move at a similar pace and the path heads straight down. On the Rosenbrock valley, watch "
        "which optimizers find the curved floor and which overshoot.",
        "真实的 Keras 优化器从同一个起点出发，在一个只有两个权重的函数上往下走。在狭长的碗形函数上，SGD 在陡峭方向"
        "来回震荡，在平缓方向上走得很慢；动量让它沿着山谷越走越快；RMSprop 和 Adam 把每个坐标的步长除以该坐标最近"
        "梯度的大小，因此两个方向以相近的速度前进，路径更直接地走向谷底。在 Rosenbrock 山谷上，看看哪些优化器能找到"
        "弯曲的谷底，哪些会冲过头。",
    ),
    "decision_regions": (
        "The class the model predicts at every point of the plane around the two-feature data, with the training "
        "points on top; the shade shows how sure the model is. A smooth boundary that follows the data is good; a "
        "boundary that winds around single points is overfitting, and a straight line through curved classes means "
        "the model is too simple (add a hidden layer or units).",
        "在两个特征构成的平面上，模型对每个点预测的类别，训练数据点叠加显示在上面；颜色深浅表示模型有多确定。平滑"
        "并且顺着数据走的边界是好的；绕着个别数据点弯来弯去的边界说明过拟合；如果用一条直线去分开弯曲分布的类别，"
        "说明模型太简单（可以加一个隐藏层或更多单元）。",
    ),
    "confusion_samples": (
        "Test samples behind a cell of the confusion matrix: the true class is the row, the predicted class the "
        "column. Off-diagonal cells are the mistakes; looking at their samples shows whether the labels are wrong, "
        "the classes look alike, or the model misses something it should see. Many mistakes on the test set but "
        "few on the training set mean overfitting.",
        "混淆矩阵中某个格子对应的测试样本：行是真实类别，列是预测类别。对角线以外的格子都是错误；看看这些样本，"
        "就能判断是标签标错了、类别本身长得相像，还是模型漏掉了本该看到的特征。如果测试集上错误很多而训练集上"
        "很少，说明模型过拟合了。",
    ),
    "digit_probabilities": (
        "The probability the model gives each class for the digit you drew. A confident model puts nearly all of "
        "it on one class; probabilities spread over several classes mean it is unsure. Drawings unlike the "
        "training images (thin strokes, off centre, wrong size) often get confident wrong answers: the model only "
        "knows the kind of data it was trained on.",
        "模型为你画的数字给出的各类别概率。有把握的模型会把几乎全部概率放在一个类别上；概率分散在几个类别上说明它"
        "拿不准。和训练图片差别大的手写（笔画太细、没有居中、大小不对）经常得到“很自信却错误”的答案：模型只认识它"
        "训练时见过的那类数据。",
    ),
    "forecast": (
        "The sequence continued by the model: each prediction is fed back as the newest input, step by step, the "
        "way a course generates sequences. Errors add up, so forecasts usually drift the further they go; a "
        "forecast that quickly flattens out or explodes shows what the model has really learned of the pattern.",
        "由模型续写的序列：每一步的预测都作为最新的输入送回模型，一步接一步，和课程中逐步生成序列的方法一样。"
        "误差会不断累积，所以预测得越远通常偏得越多；如果预测很快变成一条直线或者数值暴涨，就能看出模型对规律"
        "实际学到了多少。",
    ),
}

VIEW_ERRORS: WordTable = {  # error key: (English, Chinese), filled with the values the view found
    "points": (
        "points: expected a whole number of at least 2, got {found}",
        "points：应为不小于 2 的整数，实际为 {found}",
    ),
    "range": (
        "low and high: expected finite numbers with low below high, got low={low}, high={high}",
        "low 和 high：应为有限数值，并且 low 小于 high，实际为 low={low}、high={high}",
    ),
    "activation": (
        "activation: expected one of {known}, got {found}",
        "activation：应为以下之一：{known}，实际为 {found}",
    ),
    "loss": ("loss: expected one of {known}, got {found}", "loss：应为以下之一：{known}，实际为 {found}"),
    "probability_range": (
        "low and high: for {loss} the x axis is a probability, expected 0 < low < high < 1, got low={low}, high={high}",
        "low 和 high：{loss} 的横轴是概率，应满足 0 < low < high < 1，实际为 low={low}、high={high}",
    ),
    "binary_target": (
        "target: binary_crossentropy expects a target between 0 and 1 (usually 0 or 1), got {found}",
        "target：binary_crossentropy 的目标值应在 0 到 1 之间（通常是 0 或 1），实际为 {found}",
    ),
    "class_target": (
        "target: expected a class index from 0 to {last}, got {found}",
        "target：应为 0 到 {last} 之间的类别序号，实际为 {found}",
    ),
    "number_target": ("target: expected a finite number, got {found}", "target：应为有限数值，实际为 {found}"),
    "classes": (
        "classes: expected a whole number of at least 2, got {found}",
        "classes：应为不小于 2 的整数，实际为 {found}",
    ),
    "whole": (
        "{what}: expected a whole number of at least {least}, got {found}",
        "{what}：应为不小于 {least} 的整数，实际为 {found}",
    ),
    "function": ("function: expected one of {known}, got {found}", "function：应为以下之一：{known}，实际为 {found}"),
    "start": (
        "start: expected two finite numbers (x, y), got {found}",
        "start：应为两个有限数值 (x, y)，实际为 {found}",
    ),
    "optimizers": (
        "optimizers: expected a non-empty list of optimizer settings, got {found}",
        "optimizers：应为非空的优化器设置列表，实际为 {found}",
    ),
    "no_autodiff": (
        "the {backend} backend of Keras has no automatic differentiation; use tensorflow, jax or torch",
        "Keras 的 {backend} 后端不支持自动求导；请使用 tensorflow、jax 或 torch",
    ),
    "one_input": (
        "the model has {count} inputs; this view needs a model with exactly one input",
        "模型有 {count} 个输入；这个视图只适用于恰好一个输入的模型",
    ),
    "two_features": (
        "decision regions need a model whose input is 2 features, shape (None, 2); this model's input is {found}",
        "决策区域需要输入为 2 个特征的模型，即形状 (None, 2)；这个模型的输入形状是 {found}",
    ),
    "class_output": (
        "decision regions need a classifier whose output is (None, classes); this model's output is {found}",
        "决策区域需要输出形状为 (None, 类别数) 的分类模型；这个模型的输出形状是 {found}",
    ),
    "two_feature_data": (
        "x: expected the data as an array of shape (samples, 2) with finite values, got {found}",
        "x：数据应为形状 (样本数, 2) 且数值有限的数组，实际为 {found}",
    ),
    "padding": (
        "padding: expected a finite number of at least 0, got {found}",
        "padding：应为不小于 0 的有限数值，实际为 {found}",
    ),
    "sequence_input": (
        "forecast needs a sequence model whose input is (None, steps, features); this model's input is {found}",
        "预测需要输入形状为 (None, 时间步数, 特征数) 的序列模型；这个模型的输入形状是 {found}",
    ),
    "step_output": (
        "forecast feeds each prediction back as the next step, so the model must output one step of {features} "
        "feature(s), shape (None, {features}) or (None, steps, {features}); this model's output is {found}",
        "预测会把每一步的预测结果作为下一步输入送回模型，所以模型的输出必须是一个含 {features} 个特征的时间步，"
        "形状为 (None, {features}) 或 (None, 时间步数, {features})；这个模型的输出形状是 {found}",
    ),
    "known_shape": (
        "known: expected the known steps as an array of shape (steps, {features}) with finite values, got {found}",
        "known：已知的时间步应为形状 (时间步数, {features}) 且数值有限的数组，实际为 {found}",
    ),
    "known_short": (
        "known: the model reads {window} steps at a time, so at least {window} known steps are needed, got {found}",
        "known：模型每次读取 {window} 个时间步，所以至少需要 {window} 个已知时间步，实际只有 {found} 个",
    ),
}


def view_text(key: str, language: str) -> str:
    """The teaching paragraph of the view `key` in `language` ("zh" for Chinese, English otherwise)."""
    if key not in VIEW_TEXT:
        raise KeyError(f"view: expected one of {', '.join(VIEW_TEXT)}, got {key!r}")
    return word_in(VIEW_TEXT, language, key)


def view_error_words(language: str, key: str, /, **values: object) -> str:
    """The error sentence `key` in `language`, filled with `values`."""
    return word_in(VIEW_ERRORS, language, key, **values)
