"""Chinese help for the layers' settings (the inspector's tooltips), beside the English help in the specs."""

from __future__ import annotations

PARAM_HELP_ZH = {  # English help of a Param: Chinese
    "Shape of one sample, without the batch axis (null for a free size).": (
        "单个样本的形状，不含批次维（null 表示尺寸不定）。"
    ),
    "Fixed batch size; usually left empty.": "固定的批大小；通常留空。",
    "Data type of the input; empty means float32.": "输入的数据类型；留空即 float32。",
    "Number of output neurons.": "输出神经元的个数。",
    "Function applied to the output; none means linear.": "作用在输出上的激活函数；none 表示线性。",
    "Add a learned bias to each output.": "给每个输出加上一个可学习的偏置。",
    "How the kernel weights start.": "权重矩阵（kernel）的初始化方式。",
    "Penalty on the kernel weights (L1, L2 or both).": "对权重矩阵（kernel）的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the kernel weights after each update.": "每次更新后施加在权重矩阵（kernel）上的约束。",
    "How the bias weights start.": "偏置的初始化方式。",
    "Penalty on the bias weights (L1, L2 or both).": "对偏置的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the bias weights after each update.": "每次更新后施加在偏置上的约束。",
    "Penalty on the layer's output.": "对该层输出的正则化惩罚。",
    "Vocabulary size: largest index + 1.": "词汇表大小：最大索引 + 1。",
    "Length of each embedding vector.": "每个嵌入向量的长度。",
    "How the embeddings weights start.": "嵌入矩阵的初始化方式。",
    "Penalty on the embeddings weights (L1, L2 or both).": "对嵌入矩阵的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the embeddings weights after each update.": "每次更新后施加在嵌入矩阵上的约束。",
    "Treat index 0 as padding to be masked.": "把索引 0 当作需要遮蔽（mask）的填充。",
    "Number of output channels (feature maps).": "输出通道数（特征图个数）。",
    "Size of the sliding window.": "滑动窗口（卷积核）的大小。",
    "Step of the window on each axis.": "窗口在每个轴上的步长。",
    "'valid': no padding, the output shrinks; 'same': pad so the output keeps the input size; 'causal': pad on the "
    "left only (for time series).": "'valid'：不填充，输出变小；'same'：填充使输出保持输入的尺寸；"
    "'causal'：只在左侧填充（用于时间序列）。",
    "Where the channel axis is; none means channels_last.": "通道轴的位置；none 表示 channels_last。",
    "Spacing between kernel taps (atrous convolution); > 1 needs strides of 1.": "卷积核元素之间的间隔（空洞卷积）；"
    "大于 1 时步长必须为 1。",
    "Split the channels into this many independent groups; must divide filters and channels.": "把通道分成这么多个"
    "独立的组；必须能整除 filters 和输入通道数。",
    "'valid': no padding, the output shrinks; 'same': pad so the output keeps the input size.": "'valid'：不填充，"
    "输出变小；'same'：填充使输出保持输入的尺寸。",
    "Extra rows/columns added to one side of the output; each must be below strides.": "在输出一侧额外增加的行/列；"
    "每个值都必须小于步长。",
    "Spacing between kernel taps (atrous convolution).": "卷积核元素之间的间隔（空洞卷积）。",
    "Channels made from each input channel in the depthwise step.": (
        "逐深度（depthwise）卷积中每个输入通道产生的通道数。"
    ),
    "How the depthwise weights start.": "逐深度卷积权重的初始化方式。",
    "Penalty on the depthwise weights (L1, L2 or both).": "对逐深度卷积权重的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the depthwise weights after each update.": "每次更新后施加在逐深度卷积权重上的约束。",
    "How the pointwise weights start.": "逐点（pointwise）卷积权重的初始化方式。",
    "Penalty on the pointwise weights (L1, L2 or both).": "对逐点卷积权重的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the pointwise weights after each update.": "每次更新后施加在逐点卷积权重上的约束。",
    "Size of the pooling window, e.g. 2.": "池化窗口的大小，例如 2。",
    "Step of the window; empty means the same as pool_size.": "窗口的步长；留空表示与 pool_size 相同。",
    "'valid': drop the edge that does not fill a window; 'same': pad so nothing is dropped.": "'valid'：丢弃填不满"
    "一个窗口的边缘；'same'：填充，使什么都不丢弃。",
    "Size of the pooling window (height, width), e.g. (2, 2).": "池化窗口的大小（高, 宽），例如 (2, 2)。",
    "Keep the pooled axes with size 1 instead of removing them.": "保留被池化的轴（大小为 1），而不是去掉它们。",
    "New shape of one sample, without the batch axis; one size may be -1 (inferred).": "单个样本的新形状，不含批次维；"
    "其中一个尺寸可以是 -1（自动推算）。",
    "New order of the axes, counted from 1 (the batch axis is not listed), e.g. [2, 1].": "轴的新顺序，从 1 开始计数"
    "（不列出批次维），例如 [2, 1]。",
    "How many times to repeat the vector.": "向量重复的次数。",
    "How many times each step is repeated.": "每个时间步重复的次数。",
    "Upsampling factors for height and width.": "高和宽方向的上采样倍数。",
    "How new pixels are filled: 'nearest' repeats them, 'bilinear' blends neighbours.": "新像素的填充方式：'nearest' "
    "重复相邻像素，'bilinear' 对相邻像素插值。",
    "Zeros added around the image: n, [height, width] or [[top, bottom], [left, right]].": "在图像四周补零：n、"
    "[高, 宽] 或 [[上, 下], [左, 右]]。",
    "Rows/columns cut off the edges: n, [height, width] or [[top, bottom], [left, right]].": "从边缘裁掉的行/列：n、"
    "[高, 宽] 或 [[上, 下], [左, 右]]。",
    "Size of the hidden state and of each output.": "隐藏状态和每个输出的大小。",
    "How the recurrent weights start.": "循环权重的初始化方式。",
    "Penalty on the recurrent weights (L1, L2 or both).": "对循环权重的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the recurrent weights after each update.": "每次更新后施加在循环权重上的约束。",
    "Fraction of the inputs dropped at each step during training.": "训练时每个时间步随机丢弃的输入比例。",
    "Fraction of the recurrent state dropped at each step during training.": "训练时每个时间步随机丢弃的循环状态比例。",
    "Return the output of every step (for stacking RNNs), not only the last.": "返回每个时间步的输出（用于堆叠 RNN），"
    "而不只是最后一步。",
    "Also return the final state tensors.": "同时返回最终的状态张量。",
    "Read the sequence from the end.": "从序列末尾开始读取。",
    "Carry the state from one batch to the next (needs a fixed batch size).": "把状态从一个批次带到下一个批次"
    "（需要固定的批大小）。",
    "Unroll the loop: faster for short sequences, uses more memory.": "展开循环：短序列更快，但占用更多内存。",
    "Random seed, for repeatable runs.": "随机种子，使每次运行结果可复现。",
    "Function used by the gates.": "门控使用的激活函数。",
    "Start the forget gate bias at 1, so the cell remembers early in training.": "遗忘门偏置初始化为 1，"
    "使单元在训练初期保留记忆。",
    "Use the fast cuDNN kernel on a GPU when the settings allow it.": "在设置允许时，在 GPU 上使用快速的 cuDNN 实现。",
    "Apply the reset gate after the matrix product (cuDNN style, two bias sets).": "在矩阵乘法之后应用重置门"
    "（cuDNN 方式，两组偏置）。",
    "The recurrent layer (SimpleRNN, LSTM or GRU) run in both directions.": "在正反两个方向上运行的循环层"
    "（SimpleRNN、LSTM 或 GRU）。",
    "How the forward and backward outputs are combined; none keeps both.": (
        "正向和反向输出的合并方式；none 表示两者都保留。"
    ),
    "A separate layer for the backward pass (go_backwards=True); none copies layer.": "反向读取用的单独的层"
    "（go_backwards=True）；none 表示复制 layer。",
    "The feature (channel) axis; -1 is the last.": "特征（通道）轴；-1 表示最后一个轴。",
    "How slowly the moving mean and variance follow each batch.": "滑动均值和方差跟随每个批次变化的快慢（动量）。",
    "Small number added to the variance to avoid dividing by zero.": "加到方差上的小数，避免除以零。",
    "Learn an offset (beta) added after normalizing.": "学习归一化之后加上的偏移（beta）。",
    "Learn a factor (gamma) applied after normalizing.": "学习归一化之后乘上的缩放因子（gamma）。",
    "How the beta weights start.": "beta 的初始化方式。",
    "Penalty on the beta weights (L1, L2 or both).": "对 beta 的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the beta weights after each update.": "每次更新后施加在 beta 上的约束。",
    "How the gamma weights start.": "gamma 的初始化方式。",
    "Penalty on the gamma weights (L1, L2 or both).": "对 gamma 的正则化惩罚（L1、L2 或两者）。",
    "Constraint applied to the gamma weights after each update.": "每次更新后施加在 gamma 上的约束。",
    "Starting value of the moving mean.": "滑动均值的初始值。",
    "Starting value of the moving variance.": "滑动方差的初始值。",
    "Batch renormalization: corrects for small or non-i.i.d. batches.": (
        "批量再归一化：修正小批次或非独立同分布的批次。"
    ),
    "Limits of the renormalization corrections: {'rmax': ..., 'rmin': ..., 'dmax': ...}.": "再归一化修正量的上下限："
    "{'rmax': ..., 'rmin': ..., 'dmax': ...}。",
    "Momentum of the renormalization statistics.": "再归一化统计量的动量。",
    "Share batch statistics across devices when training on several GPUs.": (
        "在多个 GPU 上训练时，跨设备共享批次统计量。"
    ),
    "Axis or axes normalized within each sample; -1 is the last.": (
        "在每个样本内部归一化的一个或多个轴；-1 表示最后一个轴。"
    ),
    "Fraction of the inputs set to zero during training.": "训练时随机置零的输入比例。",
    "Shape of the drop mask, batch axis included; 1 on an axis drops whole slices.": "丢弃掩码的形状，含批次维；"
    "某个轴上为 1 表示整片一起丢弃。",
    "Fraction of the channels (whole feature maps) set to zero during training.": (
        "训练时随机置零的通道（整张特征图）比例。"
    ),
    "Standard deviation of the noise added during training.": "训练时加入的噪声的标准差。",
    "The function applied to each value (relu, sigmoid, softmax, ...).": (
        "作用在每个值上的函数（relu、sigmoid、softmax……）。"
    ),
    "Upper limit of the output (6 gives ReLU6); none means no limit.": "输出的上限（6 即 ReLU6）；none 表示没有上限。",
    "Slope below the threshold (0 is the plain ReLU).": "阈值以下的斜率（0 即普通 ReLU）。",
    "Values below it are treated as negative.": "低于该值的输入按负值处理。",
    "Slope applied to negative values.": "负值部分的斜率。",
    "Starting value of the learned negative slopes.": "可学习负斜率的初始值。",
    "Penalty on the learned slopes.": "对可学习斜率的正则化惩罚。",
    "Constraint applied to the learned slopes after each update.": "每次更新后施加在可学习斜率上的约束。",
    "Axes sharing one slope, e.g. [1, 2] for one slope per image channel.": "共享同一个斜率的轴，例如 [1, 2] 表示"
    "图像每个通道一个斜率。",
    "Scale of the negative part: outputs approach -alpha.": "负值部分的缩放：输出趋近于 -alpha。",
    "Axis along which the outputs sum to 1; -1 is the last.": "输出之和为 1 所沿的轴；-1 表示最后一个轴。",
    "Axis along which the inputs are joined; -1 is the last (features or channels).": "拼接输入所沿的轴；"
    "-1 表示最后一个轴（特征或通道）。",
    "Axis (or pair of axes, one per input) summed over in the dot product.": (
        "点积中求和的轴（或一对轴，每个输入一个）。"
    ),
    "L2-normalize both inputs first, giving the cosine similarity.": "先对两个输入做 L2 归一化，得到余弦相似度。",
    "Factor each value is multiplied by, e.g. 1/255 for pixels.": "每个值乘上的因子，例如像素用 1/255。",
    "Value added after scaling, e.g. -1 with scale 1/127.5.": "缩放之后加上的值，例如 scale 为 1/127.5 时加 -1。",
    "Axis or axes with separate statistics (-1: per feature or channel; none: one for all).": "分别统计的一个或多个轴"
    "（-1：每个特征或通道；none：全部一起）。",
    "Mean to subtract: a number or a list; none means learn it with adapt().": "要减去的均值：一个数或列表；"
    "none 表示用 adapt() 从数据中学习。",
    "Variance to divide by (as a standard deviation); none means learn it with adapt().": "要除以的方差（按标准差）；"
    "none 表示用 adapt() 从数据中学习。",
    "Undo a normalization instead of applying it.": "撤销归一化，而不是做归一化。",
    "Height of the output images.": "输出图像的高度。",
    "Width of the output images.": "输出图像的宽度。",
    "How pixels are resampled.": "像素重采样的方式。",
    "Crop to the target aspect ratio first, so the image is not distorted.": "先裁剪到目标宽高比，使图像不变形。",
    "Pad to the target aspect ratio first, so the image is not distorted.": "先填充到目标宽高比，使图像不变形。",
    "How the padding is filled (Keras supports only constant).": "填充的方式（Keras 只支持 constant）。",
    "Value of the padding pixels.": "填充像素的值。",
    "Smooth the image when shrinking it.": "缩小图像时做平滑（抗锯齿）。",
    "Which flips may be applied.": "可以进行哪些翻转。",
    "Rotation range as a fraction of a full turn: 0.1 means up to ±36°, or [low, high].": "旋转范围，以整圈的比例表示："
    "0.1 表示最多 ±36°，或 [low, high]。",
    "How the pixels uncovered by the transform are filled.": "变换后露出的像素如何填充。",
    "How pixel values are interpolated.": "像素值的插值方式。",
    "Value of the new pixels when fill_mode is constant.": "fill_mode 为 constant 时新像素的值。",
    "Zoom range in height: 0.2 means ±20%, or [low, high]; negative zooms in.": "高度方向的缩放范围：0.2 表示 ±20%，"
    "或 [low, high]；负值表示放大。",
    "Zoom range in width; none keeps the aspect ratio.": "宽度方向的缩放范围；none 表示保持宽高比。",
    "Vertical shift range as a fraction of the height: 0.1 or [low, high].": (
        "垂直平移范围，以高度的比例表示：0.1 或 [low, high]。"
    ),
    "Horizontal shift range as a fraction of the width: 0.1 or [low, high].": (
        "水平平移范围，以宽度的比例表示：0.1 或 [low, high]。"
    ),
    "Contrast range: 0.2 means a factor between 0.8 and 1.2, or [low, high] in [0, 1].": "对比度范围：0.2 表示因子在 "
    "0.8 到 1.2 之间，或 [0, 1] 中的 [low, high]。",
    "Range [low, high] of the input values, e.g. [0, 255] or [0, 1].": (
        "输入值的范围 [low, high]，例如 [0, 255] 或 [0, 1]。"
    ),
    "Number of attention heads.": "注意力头的个数。",
    "Size of each head for query and key.": "每个头中 query 和 key 的维度。",
    "Size of each head for value; none means key_dim.": "每个头中 value 的维度；none 表示与 key_dim 相同。",
    "Fraction of the attention weights dropped during training.": "训练时随机丢弃的注意力权重比例。",
    "Size of the output features; none means the query's feature size.": (
        "输出特征的大小；none 表示与 query 的特征数相同。"
    ),
    "Axes attended over; none means all axes between batch and features.": (
        "做注意力的轴；none 表示批次维和特征维之间的所有轴。"
    ),
    "Attend only to positions closer than this (a local band); none attends everywhere.": "只关注距离小于该值的位置"
    "（局部窗口）；none 表示关注所有位置。",
    "Use flash attention when possible; none follows Keras' global setting.": "尽可能使用 flash attention；"
    "none 表示遵循 Keras 的全局设置。",
    "Gate the attention output with a sigmoid projection of the query.": "用 query 的 sigmoid 投影对注意力输出做门控。",
    # arguments of keras.ops functions (nnbuilder/catalog/operations.py)
    "Axes of size 1 to remove; none removes every one.": "要去掉的尺寸为 1 的轴；none 表示去掉所有这样的轴。",
    "Axis along which the values sum to 1.": "各值之和为 1 的轴。",
    "Axis along which to normalise.": "做归一化的轴。",
    "Axis or axes to work along; none means all of them.": "沿哪个或哪些轴计算；none 表示所有轴。",
    "Axis to cut.": "要切分的轴。",
    "Axis to join along.": "沿哪个轴拼接。",
    "Axis to repeat along; none flattens first.": "沿哪个轴重复；none 表示先展平。",
    "Axis to search; none means the flattened tensor.": "要搜索的轴；none 表示在展平后的张量上搜索。",
    "Einstein summation, e.g. 'bij,bjk->bik'.": "爱因斯坦求和的下标，例如 'bij,bjk->bik'。",
    "How often to repeat each entry.": "每个元素重复的次数。",
    "How often to repeat the tensor along each axis.": "沿每个轴重复整个张量的次数。",
    "Keep the reduced axes with size 1.": "保留被归约的轴，尺寸为 1。",
    "Largest value kept.": "保留的最大值。",
    "Number of equal parts, or the indices to cut at.": "等分的份数，或切分处的索引。",
    "Smallest value kept.": "保留的最小值。",
    "The full shape to broadcast to, batch axis included.": "广播到的完整形状（包括批次维）。",
    "The index, as Python writes it between brackets.": "索引，即 Python 写在方括号里的内容。",
    "The new data type, e.g. 'float16'.": "新的数据类型，例如 'float16'。",
    "The new order of the axes; none reverses them.": "轴的新顺序；none 表示倒序排列。",
    "The new shape, batch axis included; -1 for one unknown size.": "新的形状（包括批次维）；某一维未知时写 -1。",
    "The value padded in (constant mode).": "填充的值（constant 模式）。",
    "Use the tanh approximation.": "使用 tanh 近似。",
    "Where the new axis goes.": "新轴的位置。",
    "Where the new axis of size 1 goes.": "尺寸为 1 的新轴的位置。",
    "[before, after] sizes for each axis, batch axis included.": "每个轴前后填充的尺寸 [before, after]（包括批次维）。",
}


def param_help_zh(english: str) -> str:
    """The Chinese help for a setting whose English help is `english` (the English where none is known)."""
    return PARAM_HELP_ZH.get(english, english)
