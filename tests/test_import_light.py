import subprocess
import sys

HEAVY = ("tensorflow", "keras", "jax", "torch", "ipywidgets", "anywidget", "traitlets")


def test_import_nnbuilder_loads_no_framework_or_widgets():
    code = (
        "import sys, nnbuilder\n"
        "p = nnbuilder.load_template('mnist_cnn')\n"
        "r = nnbuilder.check(p)\n"
        "nnbuilder.export_code(p)\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
