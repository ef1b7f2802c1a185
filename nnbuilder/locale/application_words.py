"""The checker's messages about pretrained backbones (nnbuilder.catalog.applications), in English and Chinese."""

from __future__ import annotations

APPLICATION_MESSAGES = {  # key: (English, Chinese)
    "backbone_channels": (
        "{layer} needs the number of channels of its input image to be known, got {shape}",
        "{layer} 需要知道输入图像的通道数，但输入是 {shape}",
    ),
    "backbone_rgb": (
        "{layer} with ImageNet weights takes colour images (3 channels), but its input is {shape}; "
        "set weights to none for other images",
        "使用 ImageNet 权重的 {layer} 需要彩色图像（3 个通道），但输入是 {shape}；其他图像请把 weights 设为无",
    ),
    "backbone_small": (
        "{layer} takes images of at least {size}x{size} pixels, but its input is {shape}",
        "{layer} 需要至少 {size}x{size} 像素的图像，但输入是 {shape}",
    ),
}
