"""What the app says about datasets in Chinese: titles, descriptions, option help, the problems found in a
data section, offline stand-ins and their notes.

English lives in the registry (`DatasetInfo.title`, `.description`, each option's help), in the checks of
a data section and in the loaders (`Dataset.note`); the tables here give the Chinese beside it, one entry
per dataset, option help, sentence or stand-in.
"""

from __future__ import annotations

import re
from typing import Protocol

from nnbuilder.locale.problem_patterns import SentenceTable

TITLES_ZH = {
    "mnist": "MNIST 手写数字",
    "fashion_mnist": "Fashion-MNIST 服装图片",
    "fashion_mnist_installed": "Fashion-MNIST（已安装的文件）",
    "cifar10": "CIFAR-10 彩色图片",
    "imdb": "IMDB 电影评论",
    "digits": "手写数字（8x8，scikit-learn）",
    "iris": "鸢尾花",
    "breast_cancer": "乳腺癌（威斯康星）",
    "wine": "葡萄酒品种",
    "sine_windows": "带噪声的正弦波（时间序列预测）",
    "two_spirals": "双螺旋",
    "moons": "双月牙",
    "gaussian_mixture": "高斯团簇",
    "arrays": "你的数组",
    "csv": "CSV 文件",
    "image_folder": "图片文件夹",
}

DESCRIPTIONS_ZH = {
    "mnist": "70,000 张 28x28 的灰度手写数字图片，数字 0 到 9（60,000 张训练，10,000 张测试），"
    "是入门图像分类的经典数据集。"
    "Keras 首次使用时把它下载到缓存；离线时用 scikit-learn 的 8x8 手写数字放大到 28x28 代替。",
    "fashion_mnist": "70,000 张 28x28 的灰度服装图片，共 10 类（衬衫、裤子、鞋、包……），形状与 MNIST 相同但更难区分。"
    "Keras 首次使用时把它下载到缓存；离线时用 scikit-learn 的 8x8 手写数字放大到 28x28 代替。",
    "fashion_mnist_installed": "完整的 Fashion-MNIST（60,000 张训练图片和 10,000 张测试图片，10 类服装），"
    "从 Debian 的 dataset-fashion-mnist 软件包安装的 /usr/share/datasets/fashion-mnist 读取："
    "真实数据，无需下载，也不用替代数据，离线运行也能得到公开发表的结果。",
    "cifar10": "60,000 张 32x32 的小彩色照片，共 10 类（飞机、汽车、鸟、猫……），比 MNIST 更难，适合卷积神经网络。"
    "Keras 首次使用时把它下载到缓存；离线时用程序生成的 10 种形状的 32x32 彩色图片代替。",
    "imdb": "50,000 条标注为正面或负面的电影评论，以词编号序列表示（只保留最常见的词），补齐或截断到固定长度，"
    "供 Embedding 层使用。Keras 首次使用时把它下载到缓存；离线时用程序生成的含正面和负面词的序列代替。",
    "digits": "1,797 张 8x8 的灰度手写数字小图，随 scikit-learn 提供，可以离线立即加载；试验网络时可以快速代替 MNIST。",
    "iris": "150 朵鸢尾花，每朵用 4 个测量值（花萼和花瓣的长度与宽度）描述，分属 3 个品种；"
    "是做第一个分类器最小的经典表格数据。随 scikit-learn 提供。",
    "breast_cancer": "569 个乳腺肿瘤样本，每个用细胞核的 30 个测量值描述，标注为恶性或良性；"
    "这个二分类表格数据中，特征标准化很重要。随 scikit-learn 提供。",
    "wine": "178 种意大利葡萄酒，每种用 13 个化学测量值描述，来自 3 个葡萄品种；适合分类的小表格数据。"
    "随 scikit-learn 提供。",
    "sine_windows": "带噪声的正弦波上长度为 100 的窗口，周期、相位和幅度随机，以紧随其后的值为目标；"
    "所有值都在 [0, 1] 内。由程序生成，随时可用；是循环神经网络的入门任务。",
    "two_spirals": "平面上两条交织螺旋线上的点，每条一类；一条直线无法把它们分开，可以看出隐藏层的作用。"
    "由程序生成，随时可用。",
    "moons": "平面上两个相扣的半圆上的点，每个一类；对小网络来说是简单的非线性问题。由程序生成，随时可用。",
    "gaussian_mixture": "平面上围绕几个中心分布的点，每个中心一类；噪声越大，团簇重叠越多，"
    "增加特征只会增加纯噪声的坐标。由程序生成，随时可用。",
    "arrays": "来自笔记本的 NumPy 数组或 pandas DataFrame，在 Python 中通过 from_arrays 或 data= 传入；"
    "不能在项目文件中按名称引用。",
    "csv": "带表头的 CSV 表格：其中一列是目标，数值列是特征。文本目标会成为类别；取值较少的整数目标也是。",
    "image_folder": "每个类别一个子文件夹的图片文件夹（cats/、dogs/……）；子文件夹名就是类别名，"
    "每张图片都会缩放到相同尺寸。没有指定路径时，用程序生成的圆形和方形图片文件夹代替，"
    "所以图片文件夹模板可以离线运行。",
}

OPTION_HELP_ZH = {  # English help of a dataset option: Chinese
    "give each image as one flat vector (e.g. 784 numbers) instead of height x width x channels": (
        "把每张图像展平成一个向量（例如 784 个数），而不是 高×宽×通道"
    ),
    "random seed for the split, the subset and generated data": "划分、抽样和生成数据所用的随机种子",
    "share of the examples held out for testing": "留作测试的样本比例",
    "rescale each feature to mean 0 and standard deviation 1 (using training statistics)": (
        "把每个特征缩放为均值 0、标准差 1（用训练集的统计量）"
    ),
    "standard deviation of the random noise added": "加入的随机噪声的标准差",
    "at most this many training examples, or empty (null) for all of them; the test set shrinks in proportion": (
        "最多使用这么多训练样本，留空（null）则全部使用；测试集按比例缩小"
    ),
    "number of training examples to generate; a quarter as many more are made for testing": (
        "生成的训练样本数；另外再生成四分之一用于测试"
    ),
    "keep only this many most common words": "只保留这么多个最常见的词",
    "pad or cut every review to this many words": "把每条评论补齐或截断到这么多个词",
    "number of steps in each input window": "每个输入窗口包含的步数",
    "number of blobs (classes)": "团簇（类别）的数量",
    "numbers per point; blobs differ only in the first two, the rest is noise": (
        "每个点的数值个数；各团簇只在前两个上不同，其余都是噪声"
    ),
    "spread of each blob": "每个团簇的分散程度",
    "the CSV file's path": "CSV 文件的路径",
    "the name of the column to predict": "要预测的那一列的列名",
    "classification, binary or regression; null guesses from the target": (
        "分类（classification）、二分类（binary）或回归（regression）；null（自动）表示根据目标猜测"
    ),
    "the folder with one subfolder per class; null uses generated circles and squares": (
        "每个类别一个子文件夹的文件夹；null 表示使用程序生成的圆形和方形图片"
    ),
    "[height, width] every picture is resized to": "每张图片缩放到的 [高, 宽]",
    "rgb, grayscale or rgba": "rgb（彩色）、grayscale（灰度）或 rgba",
    "how class targets reach the loss: one_hot rows (a 1 in the class's column) or class_index numbers; "
    "auto gives one-hot rows exactly when the loss is categorical_crossentropy": (
        "类别目标交给损失函数的形式：one_hot（独热行，所属类别那一列为 1）或 class_index（类别编号）；"
        "auto 表示仅当损失函数是 categorical_crossentropy 时使用独热行"
    ),
}

SECTION_PROBLEMS = [  # (English template of a data-section problem, Chinese); {help} is an option's help
    ("{name} needs this option: {help}", "{name} 需要这个选项：{help}"),
    ("{name} has no option {key}; its options are: {known}", "{name} 没有选项 {key}；它的选项有：{known}"),
    ("unknown key; a data section has only 'dataset' and 'options'", "未知的键；data 部分只有 'dataset' 和 'options'"),
    ("expected an object of option names and values, got {kind}", "应为由选项名和值组成的对象，实际为 {kind}"),
    ("unknown dataset {name}; known datasets: {names}", "未知的数据集 {name}；已知的数据集：{names}"),
]

STAND_INS = {  # stand-in id: (English, Chinese)
    "digits_28x28": ("scikit-learn's 8x8 digits, upscaled to 28x28", "scikit-learn 的 8x8 手写数字（放大到 28x28）"),
    "shapes_32x32": ("generated 32x32 colour pictures of 10 kinds of shapes", "程序生成的 10 种形状的 32x32 彩色图片"),
    "synthetic_reviews": (
        "generated word sequences with positive and negative words",
        "程序生成的含正面和负面词的词序列",
    ),
    "circles_and_squares": ("a generated folder of circles and squares", "程序生成的圆形和方形图片文件夹"),
}

NOTES = [  # (English pattern of a loader's note, Chinese); the groups are kept as they are
    (
        r"(?P<title>.+) could not be loaded from the Keras cache or downloaded, so (?P<stand_in>.+) stand in for it\.",
        "无法从 Keras 缓存加载或下载 {title}，因此用{stand_in}代替。",
    ),
    (
        r"No image folder was given, so a generated folder of circles and squares stands in for it \((?P<path>.+)\)\.",
        "没有指定图片文件夹，因此用程序生成的圆形和方形图片文件夹代替（{path}）。",
    ),
    (r"The text columns? (?P<names>.+) (?:were|was) left out\.", "文本列 {names} 没有使用。"),
    (r"Left out of (?P<path>.+): (?P<what>.+)\.", "{path} 中没有使用：{what}。"),
]
_NOTES = [(re.compile(pattern + r"\Z", re.DOTALL), chinese) for pattern, chinese in NOTES]
_STAND_IN_TEXT = {english: chinese for english, chinese in STAND_INS.values()}


class _Described(Protocol):
    """What the wording needs of a dataset's description (nnbuilder.data's DatasetInfo)."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...


def dataset_title(info: _Described, language: str) -> str:
    """The title of dataset `info` (a DatasetInfo) in `language`."""
    return TITLES_ZH.get(info.name, info.title) if language == "zh" else info.title


def dataset_description(info: _Described, language: str) -> str:
    return DESCRIPTIONS_ZH.get(info.name, info.description) if language == "zh" else info.description


def stand_in_name(stand_in: str, language: str) -> str:
    """What an offline stand-in is, e.g. "scikit-learn's 8x8 digits, upscaled to 28x28"."""
    english, chinese = STAND_INS.get(stand_in, (stand_in, stand_in))
    return chinese if language == "zh" else english


def note_text(note: str, language: str) -> str:
    """A loader's note (why other data is in use, what was left out) in `language`."""
    if language != "zh" or not note:
        return note
    for pattern, chinese in _NOTES:
        match = pattern.match(note)
        if match:
            values = match.groupdict()
            if "stand_in" in values:
                said = values["stand_in"].rstrip(", ")
                said = _STAND_IN_TEXT.get(said, said)
                values["stand_in"] = f" {said}" if said[:1].isascii() else said
            return chinese.format(**values)
    return note


def option_help_zh(english: str) -> str:
    """The Chinese help of a dataset option whose English help is `english` ("" when none is written)."""
    return OPTION_HELP_ZH.get(english, "")


section_problem_text = SentenceTable(
    SECTION_PROBLEMS, lambda name, value: OPTION_HELP_ZH.get(value, value) if name == "help" else value
).say
"""A problem found in a project's data section (`data_problems`), in a language."""
