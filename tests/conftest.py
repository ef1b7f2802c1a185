"""Shared test set-up: quiet TensorFlow, one Keras import per process."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# every training run is recorded: runs whose caller names no folder go to one folder of this test session
os.environ.setdefault("NNBUILDER_RUNS", tempfile.mkdtemp(prefix="nnbuilder-test-runs-"))
atexit.register(shutil.rmtree, os.environ["NNBUILDER_RUNS"], True)
