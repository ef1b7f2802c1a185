"""The Runs tab's overlaid curves as a PNG to download, drawn with Pillow the way `curves_svg` draws them in the
page: grid lines and their values, the epochs, the metric's name, one colour per run and a legend naming the runs.

Words are drawn with a system font that has Chinese in it when the machine has one (Noto CJK, WenQuanYi, Droid
Sans Fallback), else with Pillow's own font, which has Latin letters only: `draws(text)` says whether the font
found draws a text, so a caller can give the English word instead of empty boxes; a run's name it cannot draw
becomes its number in the legend's order."""

from __future__ import annotations

import functools
import io
import math

from PIL import Image, ImageDraw, ImageFont

from nnbuilder.app._run_chart import Frame, Series, colour, nice_ticks, number_text, span_of

FONT_SIZE = 11
# System fonts with Chinese glyphs, by file name (Pillow looks for them in the system's font folders).
CJK_FONTS = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "DroidSansFallbackFull.ttf",
)
GRID, AXIS, TEXT = "#e4e4e4", "#888888", "#333333"
LATIN_END = 0x250  # Basic Latin to Latin Extended-B: what Pillow's own font draws

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def _fonts() -> tuple[Font, bool]:
    """The font to draw words with, and whether it draws Chinese."""
    for name in CJK_FONTS:
        try:
            return ImageFont.truetype(name, FONT_SIZE), True
        except OSError:
            continue
    return ImageFont.load_default(size=FONT_SIZE), False


def draws(text: str) -> bool:
    """Whether the chart's font draws every character of `text`: Pillow's own font has the Latin letters only
    (Chinese needs a system font that has it)."""
    return _fonts()[1] or all(ord(c) < LATIN_END for c in text)


def curves_png(series: Series, metric: str, epoch_word: str, width: int = 640, height: int = 320) -> bytes:
    """The per-epoch values of `metric` of each run, overlaid, as PNG bytes."""
    font = _fonts()[0]
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    values = [float(v) for _, vs in series for v in vs if isinstance(v, (int, float)) and math.isfinite(v)]
    longest = max((len(vs) for _, vs in series), default=1)
    frame = Frame(width, height, (1.0, float(max(longest, 2))), span_of(values))
    base = height - frame.bottom
    for tick in nice_ticks(*frame.ys):
        y = frame.y(tick)
        draw.line([(frame.left, y), (width - frame.right, y)], fill=GRID)
        draw.text((frame.left - 4, y), number_text(tick), fill=TEXT, font=font, anchor="rm")
    for epoch in nice_ticks(1, max(longest, 2), 6):
        if float(epoch).is_integer():
            x = frame.x(epoch)
            draw.line([(x, base), (x, base + 4)], fill=AXIS)
            draw.text((x, base + 6), str(int(epoch)), fill=TEXT, font=font, anchor="mt")
    draw.line([(frame.left, base), (width - frame.right, base)], fill=AXIS)
    draw.line([(frame.left, frame.top), (frame.left, base)], fill=AXIS)
    draw.text(((frame.left + width - frame.right) / 2, height - 4), epoch_word, fill=TEXT, font=font, anchor="md")
    draw.text((12, frame.top), metric, fill=TEXT, font=font, anchor="lt")
    for index, (_, points) in enumerate(series):
        drawn = [(frame.x(i + 1), frame.y(v)) for i, v in enumerate(points) if v is not None and math.isfinite(v)]
        if len(drawn) > 1:
            draw.line(drawn, fill=colour(index), width=2, joint="curve")
        for x, y in drawn:
            draw.ellipse([(x - 2.5, y - 2.5), (x + 2.5, y + 2.5)], fill=colour(index))
    for index, (label, _) in enumerate(series):
        y = frame.top + 4 + 14 * index
        x = width - frame.right - 170
        draw.rectangle([(x, y), (x + 10, y + 10)], fill=colour(index))
        name = label[:28] if draws(label[:28]) else f"#{index + 1}"  # the CSV has every name as it is
        draw.text((x + 14, y + 5), name, fill=TEXT, font=font, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
