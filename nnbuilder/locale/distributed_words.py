"""Training over several processes: its messages and refusals in English and Chinese."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_in

WORDS = {  # key: (English, Chinese)
    "needs_coordinator": (
        "--processes needs --process-id and --coordinator HOST:PORT (the same coordinator in every process)",
        "--processes 需要 --process-id 和 --coordinator HOST:PORT（每个进程使用相同的 coordinator）",
    ),
    "bad_coordinator": (
        "coordinator: expected HOST:PORT of process 0 (such as 127.0.0.1:7777), got {got!r}",
        "coordinator：需要 0 号进程的 HOST:PORT（例如 127.0.0.1:7777），实际得到 {got!r}",
    ),
    "bad_processes": (
        "processes: expected a whole number of at least 1, got {got!r}",
        "processes：需要不小于 1 的整数，实际得到 {got!r}",
    ),
    "bad_process_id": (
        "process_id: expected a whole number from 0 to {last}, got {got!r}",
        "process_id：需要 0 到 {last} 之间的整数，实际得到 {got!r}",
    ),
    "bad_local_devices": (
        "local_devices: expected a whole number of at least 1, got {got!r}",
        "local_devices：需要不小于 1 的整数，实际得到 {got!r}",
    ),
    "needs_jax": (
        "training over several processes needs the JAX backend (set KERAS_BACKEND=jax); this run uses {backend}, "
        "and Keras 3 does not drive TensorFlow's MultiWorkerMirroredStrategy",
        "多进程训练需要 JAX 后端（设置 KERAS_BACKEND=jax）；本次运行使用 {backend}，"
        "而 Keras 3 不支持 TensorFlow 的 MultiWorkerMirroredStrategy",
    ),
    "not_joined": (
        "could not join the other processes: {reason}; start every process before JAX runs anything, "
        "with the same coordinator and process count",
        "无法与其他进程会合：{reason}；请在 JAX 运行任何计算之前启动每个进程，并使用相同的 coordinator 和进程数",
    ),
    "bad_batch": (
        "training.batch_size: expected a multiple of {devices}, the number of devices each batch is spread over, "
        "got {batch_size}",
        "training.batch_size：需要 {devices} 的倍数（每批数据分散到的设备数），实际得到 {batch_size}",
    ),
    "bad_recipe": (
        "training.recipe: training over several processes covers one model (supervised or autoencoder), got {recipe}",
        "training.recipe：多进程训练只支持单个模型（supervised 或 autoencoder），实际得到 {recipe}",
    ),
    "no_tf_workers": (
        "TF_CONFIG describes a cluster of {workers} workers, but Keras 3 does not drive TensorFlow's "
        "MultiWorkerMirroredStrategy; train over several processes with the JAX backend "
        "(`nnbuilder train --processes`, see docs/distributed.md), or unset TF_CONFIG",
        "TF_CONFIG 描述了 {workers} 个工作进程的集群，但 Keras 3 不支持 TensorFlow 的 MultiWorkerMirroredStrategy；"
        "请用 JAX 后端进行多进程训练（`nnbuilder train --processes`，见 docs/distributed.md），或取消设置 TF_CONFIG",
    ),
    "use_distributed_fit": (
        "this is one of {processes} JAX processes: train with nnbuilder.training.distributed.fit "
        "(or `nnbuilder train --processes`), which gives each process its part of every batch",
        "这是 {processes} 个 JAX 进程之一：请用 nnbuilder.training.distributed.fit"
        "（或 `nnbuilder train --processes`）训练，它把每批数据的一部分交给每个进程",
    ),
    "bad_extras": (
        "training.callbacks: training over several processes runs without callbacks or test_each_epoch "
        "(this project has {names}); turn them off for it",
        "training.callbacks：多进程训练不支持回调和 test_each_epoch（本项目设置了 {names}）；请先关闭它们",
    ),
    "joined": (
        "process {process_id} of {processes}: training on {devices} devices in all (coordinator {coordinator})",
        "第 {process_id} 号进程（共 {processes} 个）：共在 {devices} 个设备上训练（coordinator {coordinator}）",
    ),
    "epoch": ("epoch {epoch}/{epochs}: {values}", "第 {epoch}/{epochs} 轮：{values}"),
    "wrote": (
        "wrote the trained model and history.json / history.csv to {folder}",
        "已把训练好的模型和 history.json / history.csv 写入 {folder}",
    ),
    "left_to_leader": (
        "process {process_id} trained; process 0 writes the outputs",
        "第 {process_id} 号进程训练完毕；输出由 0 号进程写入",
    ),
}


def distributed_word(language: str, key: str, /, **values: object) -> str:
    """The words `key` in `language` ("en" or "zh") filled with `values`."""
    return word_in(WORDS, language, key, **values)
