"""The Inside tab's optimizer playground: real Keras optimizers (SGD, momentum, RMSprop, Adam; the project's own
settings for the one it uses) walking down a function of two weights from the same start, drawn over the
function's contours, with the value each one ends at. The paths come from `nnbuilder.views.course_curves`; they
take seconds, so they run in a worker thread, never the kernel's."""

from __future__ import annotations

import math
import threading
from html import escape
from typing import Any

import ipywidgets

from nnbuilder.app._run_chart import Frame, axes_svg, colour, nice_ticks, number_text, svg_document
from nnbuilder.app.inside._curve_chart import error_text, heat_url, image_under, legend_svg
from nnbuilder.errors import bilingual_error
from nnbuilder.locale.inside_curve_words import WORDS, word

KINDS = ("sgd", "momentum", "rmsprop", "adam")  # the playground's optimizers, in the order of their boxes
FUNCTIONS = ("bowl", "rosenbrock")


def kind_of(optimizer: dict) -> str | None:
    """Which of the playground's optimizers a project's optimizer setting is, or None."""
    name = optimizer.get("name")
    if name == "sgd":
        return "momentum" if float(optimizer.get("momentum") or 0.0) > 0 else "sgd"
    return name if name in ("rmsprop", "adam") else None


def chosen_optimizers(function: str, ticked: list[str], rate: float | None, project: dict | None) -> list[dict]:
    """The settings of each ticked optimizer: the function's own suited ones (`SURFACES`), the project's where it
    uses that kind, and every learning rate `rate` when one is given."""
    from nnbuilder.views.course_curves import SURFACES  # deferred: NumPy and the training settings

    defaults = dict(zip(KINDS, SURFACES[function].optimizers))
    yours = kind_of(project) if project else None
    chosen = []
    for kind in ticked:
        settings = dict(project) if kind == yours and project else dict(defaults[kind])
        if rate is not None:
            settings["learning_rate"] = rate
        chosen.append(settings)
    return chosen


class OptimizerView:
    """The playground: a function, a learning rate, a number of steps, the optimizers ticked and Run."""

    key = "optimizer_paths"

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.function = ipywidgets.Dropdown(options=self._function_options(), value="bowl")
        self.rate = ipywidgets.Text(value="", layout=ipywidgets.Layout(width="260px"))
        self.steps = ipywidgets.BoundedIntText(value=200, min=1, max=5000, layout=ipywidgets.Layout(width="200px"))
        self.ticks = {kind: ipywidgets.Checkbox(value=True, indent=False) for kind in KINDS}
        for kind, box in self.ticks.items():
            box.add_class(f"nnb-inside-tick-{kind}")
        self.run_button = ipywidgets.Button(button_style="primary")
        self.run_button.add_class("nnb-inside-run")
        self.run_button.on_click(lambda _button: self.run())
        self.state = ipywidgets.HTML()
        self.state.add_class("nnb-inside-optimizer-state")
        self.chart = ipywidgets.HTML()
        self.table = ipywidgets.HTML()
        self.widget = ipywidgets.VBox([
            ipywidgets.HBox([self.function, self.rate, self.steps]),
            ipywidgets.HBox([*self.ticks.values(), self.run_button, self.state]),
            self.chart, self.table,
        ])  # fmt: skip
        self.widget.add_class("nnb-inside-optimizers")
        self.result: dict | None = None  # the last paths computed (optimizer_paths' result)
        self.running = False
        self._thread: threading.Thread | None = None
        self._project_optimizer: dict | None = None
        self._ran = False
        self._label_controls()
        self.state.value = f"<span>{escape(word(language, 'press_run'))}</span>"

    def label(self, language: str) -> str:
        return word(language, "label_optimizers")

    def set_language(self, language: str) -> None:
        self.language = language
        self._label_controls()
        if self.result is not None:
            self._draw(self.result)
        elif not self.running:
            self.state.value = f"<span>{escape(word(language, 'press_run'))}</span>"

    def refresh(self, context: Any, reason: str) -> None:
        training = context.project.training or {}
        optimizer = training.get("optimizer")
        optimizer = {"name": optimizer} if isinstance(optimizer, str) else optimizer
        mine = dict(optimizer) if isinstance(optimizer, dict) and kind_of(optimizer) else None
        if mine != self._project_optimizer:
            self._project_optimizer = mine
            self._label_controls()
        if reason == "shown" and not self._ran:
            self.run()  # the first look shows the paths without a click

    # ------------------------------------------------------------ running
    def run(self) -> threading.Thread | None:
        """Compute the ticked optimizers' paths in a worker thread; Run is disabled until they are drawn."""
        if self.running:
            return None
        lang = self.language
        ticked = [kind for kind in KINDS if self.ticks[kind].value]
        if not ticked:
            raise bilingual_error(WORDS["en"]["none_ticked"], WORDS["zh"]["none_ticked"])
        optimizers = chosen_optimizers(self.function.value, ticked, self._rate(), self._project_optimizer)
        function, steps = self.function.value, int(self.steps.value)
        self._ran, self.running = True, True
        self.run_button.disabled = True
        self.state.value = f'<span class="nnb-inside-computing">{escape(word(lang, "computing"))}</span>'

        def work() -> None:
            try:
                from nnbuilder.views.course_curves import optimizer_paths  # deferred: Keras

                result = optimizer_paths(function, optimizers, steps=steps)
                result["kinds"] = ticked
                self.result = result
                self._draw(result)
                self.state.value = ""
            except Exception as exc:
                said = word(self.language, "failed", error=error_text(exc, self.language))
                self.state.value = f"<span>{escape(said)}</span>"
            finally:
                self.running = False
                self.run_button.disabled = False

        self._thread = threading.Thread(target=work, name="nnbuilder-optimizer-paths", daemon=True)
        self._thread.start()
        return self._thread

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _rate(self) -> float | None:
        text = self.rate.value.strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise bilingual_error(WORDS["en"]["bad_rate"].format(found=repr(text)),
                                  WORDS["zh"]["bad_rate"].format(found=repr(text)))  # fmt: skip
        return value

    # ------------------------------------------------------------ drawing
    def _draw(self, result: dict) -> None:
        lang = self.language
        self.chart.value = paths_svg(result, self._labels(result))
        rows = []
        for index, (path, label) in enumerate(zip(result["paths"], self._labels(result))):
            end = path["points"][-1]
            value = number_text(path["values"][-1])
            if path["diverged"]:
                value += " — " + word(lang, "diverged", steps=len(path["points"]) - 1)
            rows.append(f'<tr class="nnb-inside-final" data-optimizer="{escape(path["optimizer"]["name"])}">'
                        f'<td><span style="color:{colour(index)}">■</span> {escape(label)}</td>'
                        f"<td>{escape(value)}</td>"
                        f"<td>({number_text(end[0])}, {number_text(end[1])})</td></tr>")  # fmt: skip
        head = "".join(f"<th>{escape(word(lang, key))}</th>" for key in ("optimizer", "final_value", "final_point"))
        minimum, start = result["minimum"], result["start"]
        where = word(lang, "minimum", x=number_text(minimum[0]), y=number_text(minimum[1]),
                     sx=number_text(start[0]), sy=number_text(start[1]))  # fmt: skip
        self.table.value = (f'<table class="nnb-inside-finals"><tr>{head}</tr>{"".join(rows)}</table>'
                            f"<p>{escape(result['formula'])}: {escape(where)}</p>")  # fmt: skip

    def _labels(self, result: dict) -> list[str]:
        yours = kind_of(self._project_optimizer) if self._project_optimizer else None
        kinds = result.get("kinds", [None] * len(result["paths"]))
        return [word(self.language, "yours", label=path["label"]) if kind == yours and kind is not None
                else path["label"] for kind, path in zip(kinds, result["paths"])]  # fmt: skip

    def _function_options(self) -> list[tuple[str, str]]:
        return [(word(self.language, f"surface_{name}"), name) for name in FUNCTIONS]

    def _label_controls(self) -> None:
        lang = self.language
        value = self.function.value if hasattr(self, "function") else "bowl"
        self.function.options = self._function_options()
        self.function.value = value
        self.function.description = word(lang, "surface")
        self.rate.description = word(lang, "rate_box")
        self.rate.placeholder = word(lang, "rate_placeholder")
        self.steps.description = word(lang, "steps")
        yours = kind_of(self._project_optimizer) if self._project_optimizer else None
        for kind, box in self.ticks.items():
            name = word(lang, f"optimizer_{kind}")
            box.description = word(lang, "yours", label=name) if kind == yours else name
        self.run_button.description = word(lang, "run")


def paths_svg(result: dict, labels: list[str], width: int = 560, height: int = 380) -> str:
    """The function's banded contours (a PNG under the axes), each optimizer's path as a coloured polyline, the
    start and the minimum, and a key of the paths."""
    grid = result["grid"]
    frame = Frame(width, height, (grid["x"][0], grid["x"][-1]), (grid["y"][0], grid["y"][-1]))
    parts = [image_under(heat_url(grid["z"]), frame, "nnb-inside-contours", f'data-function="{result["function"]}"')]
    parts += axes_svg(frame, "x", "y", [(t, number_text(t)) for t in nice_ticks(*frame.xs, 6)])
    inner = (frame.left, frame.top, width - frame.left - frame.right, height - frame.top - frame.bottom)
    parts.append(f'<clipPath id="nnb-inside-plot-{result["function"]}"><rect x="{inner[0]}" y="{inner[1]}" '
                 f'width="{inner[2]}" height="{inner[3]}"/></clipPath>')  # fmt: skip
    for index, path in enumerate(result["paths"]):
        points = " ".join(f"{frame.x(x):.2f},{frame.y(y):.2f}" for x, y in path["points"])
        parts.append(f'<polyline class="nnb-inside-path" data-optimizer="{escape(path["optimizer"]["name"])}" '
                     f'data-label="{escape(labels[index])}" data-steps="{len(path["points"]) - 1}" '
                     f'data-final="{path["values"][-1]!r}" clip-path="url(#nnb-inside-plot-{result["function"]})" '
                     f'points="{points}" fill="none" stroke="{colour(index)}" stroke-width="2" '
                     'stroke-linejoin="round"/>')  # fmt: skip
    (sx, sy), (mx, my) = result["start"], result["minimum"]
    parts.append(f'<circle class="nnb-inside-start" cx="{frame.x(sx):.2f}" cy="{frame.y(sy):.2f}" r="5" fill="#000"/>')
    parts.append(f'<text class="nnb-inside-minimum" x="{frame.x(mx):.2f}" y="{frame.y(my) + 5:.2f}" '
                 'text-anchor="middle" font-size="16" fill="#c00">★</text>')  # fmt: skip
    parts.append(f'<rect x="{width - frame.right - 270}" y="{frame.top}" width="268" '
                 f'height="{14 * len(labels) + 6}" fill="#fff" fill-opacity="0.85"/>')  # fmt: skip
    parts += legend_svg([(label, colour(i), False) for i, label in enumerate(labels)], width - frame.right - 266,
                        frame.top + 2, most=46)  # fmt: skip
    return svg_document(width, height, "nnb-inside-chart nnb-inside-paths-chart", parts, result["formula"])
