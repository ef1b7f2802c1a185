"""The app's words for its Inside tab (the views inside the network) in English and Chinese; `app_text.text`
finds them as it finds the rest of the app's words. Each view's own labels live beside its teaching text."""

from __future__ import annotations

INSIDE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "tab_inside": "Inside",
        "what_inside": "Inside tab",
        "inside_view": "View",
        "inside_pick_node": "Select a node on the canvas to see inside it.",
        "inside_no_trainer": "Nothing is trained yet: the view shows the network's starting weights.",
        "inside_updated": "Shown for node {node} of {model}, after {epochs} epoch(s).",
    },
    "zh": {
        "tab_inside": "网络内部",
        "what_inside": "“网络内部”页",
        "inside_view": "视图",
        "inside_pick_node": "在画布上选择一个节点，即可查看它的内部。",
        "inside_no_trainer": "尚未训练：视图显示网络的初始权重。",
        "inside_updated": "显示 {model} 的节点 {node}，已训练 {epochs} 轮。",
    },
}
