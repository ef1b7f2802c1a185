"""The `nnbuilder` command: templates, check, export, import, train, runs, search, serve, page.

Every failure is one line on stderr and a non-zero exit, never a traceback
(set NNBUILDER_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path

from nnbuilder._runtime.interrupts import catching_interrupts, trace_phase
from nnbuilder._runtime.quiet import silenced_output
from nnbuilder._runtime.terminal import printable
from nnbuilder.app import _voila_config as serving
from nnbuilder.app.serve import serve
from nnbuilder.bridge.from_keras import from_keras
from nnbuilder.bridge.model_files import EXPORT_FORMATS, format_from_path, load_model, save_model
from nnbuilder.bridge.to_keras import build
from nnbuilder.catalog._shapes import fmt
from nnbuilder.checking.checker import check
from nnbuilder.codegen import export_code
from nnbuilder.codegen.search_script import search_script
from nnbuilder.document.files import write_atomic
from nnbuilder.document.project import Project
from nnbuilder.document.search_section import with_grid
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.locale.run_words import run_word
from nnbuilder.locale.search_words import search_word
from nnbuilder.template_library.loading import template_gallery
from nnbuilder.training import runs as run_history
from nnbuilder.training.distributed import check_request
from nnbuilder.training.distributed_run import train_process
from nnbuilder.training.headless import train_and_test
from nnbuilder.training.run_table import runs_table


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise SystemExit(_fail(f"{message} (see `{self.prog} --help`)", code=2))


def _fail(message: str, code: int = 1) -> int:
    print(f"nnbuilder: error: {printable(message)}", file=sys.stderr)
    return code


def _quiet_keras():
    """Import Keras with the backend's start-up chatter silenced."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "keras" not in sys.modules:
        with silenced_output():
            import keras  # noqa: F401


def _load(path: str):
    if not Path(path).exists():
        raise NNBuilderError(f"no such file: {path}")
    return Project.load(path)


def _out_folder(args) -> Path:
    """Where `train` writes the model and its history: --out, else `<project>-trained` here."""
    return Path(args.out) if args.out else Path(Path(args.project).name.split(".")[0] + "-trained")


def cmd_templates(args) -> int:
    for entry in template_gallery():
        title, summary = entry["title"]["en"], entry["summary"]["en"]
        print(printable(f"{entry['name']:<12} {title} - {summary}"))
    return 0


def cmd_check(args) -> int:
    project = _load(args.project)
    result = check(project)
    for model, nodes in result.models.items():
        print(f"model {printable(model)}:")
        for node_id, node in nodes.items():
            shape = printable(fmt(node.output_shape))
            print(f"  {printable(node_id):<24} {printable(node.layer):<22} {shape:<22} {node.params:>12,}")
        trainable, frozen = result.totals(model)
        print(f"  total parameters: {trainable + frozen:,} ({trainable:,} trainable, {frozen:,} non-trainable)")
    for problem in result.problems:
        fixes = "; ".join(f["label"] for f in problem.fixes)
        print(printable(f"{problem.severity}: {problem}" + (f" [fix: {fixes}]" if fixes else "")))
    errors = len(result.errors)
    print(f"{errors} error(s), {len(result.warnings)} warning(s)")
    return 1 if errors else 0


def cmd_export(args) -> int:
    project = _load(args.project)
    out = Path(args.output)
    if args.search:  # the project's hyperparameter search as an Optuna script
        if args.format not in (None, "py") or args.model:
            raise NNBuilderError("--search writes a Python script: leave out --format and --model")
        write_atomic(out, search_script(project))
        print(f"wrote {printable(out)}")
        return 0
    fmt = args.format or format_from_path(out, "add --format")
    if fmt == "py":
        write_atomic(out, export_code(project))
    else:
        _quiet_keras()
        model = build(project, args.model)
        if isinstance(model, dict):
            raise NNBuilderError(f"this project has several models ({', '.join(model)}): choose one with --model")
        save_model(model, out, fmt)
    print(f"wrote {printable(out)}")
    return 0


def cmd_import(args) -> int:
    _quiet_keras()
    model = load_model(args.model)
    project = from_keras(model, args.name)
    project.save(args.output)
    nodes = sum(len(g.nodes) for g in project.models.values())
    print(f"wrote {printable(args.output)} ({len(project.models)} model(s), {nodes} nodes)")
    return 0


def cmd_train(args) -> int:
    if args.processes is not None:
        return cmd_train_together(args)
    whole = args.whole_process
    with catching_interrupts(keep=whole) as interrupts:  # Ctrl+C is acted on even where Python swallows it
        try:
            trace_phase("loading project")
            project = _load(args.project)
            out = _out_folder(args)
            interrupts.check()
            trace_phase("importing keras")
            _quiet_keras()
            interrupts.check()
            formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
            _, not_written, scores, trainer = train_and_test(
                project, epochs=args.epochs, out=out, formats=formats, runs=args.runs, project_file=args.project
            )
            interrupts.check()
            print(printable(scores.line()))
            record = trainer.run_record
            if record is not None and record.place is not None:
                print(printable(run_word("en", "recorded", run=record.id, folder=record.place.parent)))
            if not_written:  # each has had its line
                n = len(not_written)
                return _fail(f"{n} output file{'s' if n != 1 else ''} could not be written; the others are in {out}")
            print(f"wrote the trained model and history.json / history.csv to {printable(out)}")
        finally:
            if whole:  # the outcome is settled: a late Ctrl+C must not kill the process while it exits
                signal.signal(signal.SIGINT, signal.SIG_IGN)
    return 130 if interrupts.requested else 0


def cmd_train_together(args) -> int:
    check_request(args.coordinator, args.processes, args.process_id, args.local_devices)
    project = _load(args.project)
    _quiet_keras()
    train_process(
        project,
        processes=args.processes,
        process_id=args.process_id,
        coordinator=args.coordinator,
        local_devices=args.local_devices,
        epochs=args.epochs,
        out=_out_folder(args),
    )
    return 0


def cmd_runs(args) -> int:
    lang = args.language
    folder = Path(args.folder) if args.folder else run_history.default_runs_folder()
    if args.folder and folder.is_file():  # a project file: its runs folder
        folder = run_history.default_runs_folder(folder)
    try:
        if args.delete:
            run_history.delete_run(folder, args.delete)
            print(printable(run_word(lang, "deleted", run=args.delete)))
        if args.rename:
            run_history.rename_run(folder, args.rename[0], args.rename[1])
            print(printable(run_word(lang, "renamed", run=args.rename[0], name=args.rename[1])))
        for run_id, starred in ((args.star, True), (args.unstar, False)):
            if run_id:
                run_history.star_run(folder, run_id, starred)
                print(printable(run_word(lang, "starred" if starred else "unstarred", run=run_id)))
        runs = run_history.list_runs(folder)
        if args.csv:
            if not runs:
                raise run_history.run_error("no_runs", folder=folder)
            run_history.to_csv(runs, args.csv)
            print(printable(run_word(lang, "wrote_csv", count=len(runs), file=args.csv)))
            return 0
    except NNBuilderError as exc:
        said = (exc.said_in or {}).get(lang)
        return _fail(said or str(exc))
    if not runs:
        print(printable(run_word(lang, "no_runs", folder=folder)))
        return 0
    for line in runs_table(runs, lang):
        print(printable(line))
    return 0


def cmd_serve(args) -> int:
    return serve(
        args.project,
        args.template,
        args.port,
        open_browser=not args.no_browser,
        language=args.language,
        ip=args.ip,
        token=args.token,
        no_token=args.no_token,
        max_kernels=args.max_kernels,
        cull_idle=args.cull_idle,
        work_root=args.work_root,
    )


def cmd_page(args) -> int:
    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise NNBuilderError(f"page: expected a folder to write the app page into, got the file {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    notebook = serving.write_page(folder, args.language, args.name)
    settings = serving.write_server_config(folder)
    print(f"wrote {notebook}, its page template {folder / 'voila' / 'templates' / serving.TEMPLATE} and {settings}")
    where = folder.resolve()
    print(f"Voila draws it without outside hosts once {where} is on both JUPYTER_PATH and JUPYTER_CONFIG_PATH")
    return 0


def cmd_search(args) -> int:
    from nnbuilder.training.search import search  # deferred: Optuna

    if args.engine == "local" and args.address:
        return _fail(search_word("en", "address_local"))
    project = _load(args.project)
    if args.grid:
        project = with_grid(project, args.grid)
    _quiet_keras()
    metric = (project.search or {}).get("metric", "val_loss")
    result = search(
        project,
        trials=args.trials,
        sampler=args.sampler,
        folds=args.folds,
        out=args.out,
        on_trial=lambda row: print(printable(row.line(metric)), flush=True),
        project_file=args.project,
        engine=args.engine,
        address=args.address,
    )
    print(printable(result.best_line()))
    print(printable(search_word("en", "recorded_in", folder=result.runs_folder, file=result.storage)))
    return 0 if result.best is not None else 1


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="nnbuilder", description="Build, check and export Keras networks.")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("templates", help="list the network templates").set_defaults(run=cmd_templates)
    p = sub.add_parser("check", help="check a project: shapes, parameters, errors (exit 1 on errors)")
    p.add_argument("project")
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("export", help="write Keras code or a model file")
    p.add_argument("project")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--format", choices=EXPORT_FORMATS)
    p.add_argument("--model", help="which model of a multi-model project")
    p.add_argument("--search", action="store_true", help="write the project's search as a standalone Optuna script")
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("import", help="turn a Keras model file (.keras, .h5) into a project")
    p.add_argument("model")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--name", help="project name (default: the model's name)")
    p.set_defaults(run=cmd_import)
    p = sub.add_parser("train", help="train a project headless; writes the model (.keras) and its history")
    p.add_argument("project")
    p.add_argument("--epochs", type=int, help="number of epochs (default: the project's setting)")
    p.add_argument("--out", help="output folder (default: <project>-trained)")
    p.add_argument("--formats", default="keras", help="model files to write: keras,savedmodel,tflite,onnx")
    p.add_argument("--runs", metavar="DIR", help="the runs folder the run is recorded in (default: <project>.runs)")
    together = p.add_argument_group(
        "several processes (data parallel, JAX backend only; see docs/distributed.md)",
        "Start the same command once per process, on one machine or several, each with its --process-id; "
        "every batch is spread over all their devices. TensorFlow's MultiWorkerMirroredStrategy is not supported.",
    )
    together.add_argument("--processes", type=int, metavar="N", help="how many processes train together")
    together.add_argument("--process-id", type=int, metavar="I", help="this process's number, 0 to N-1")
    together.add_argument("--coordinator", metavar="HOST:PORT", help="where process 0 listens for the others")
    together.add_argument("--local-devices", type=int, metavar="K", help="give this process K CPU devices")
    p.set_defaults(run=cmd_train)
    p = sub.add_parser("search", help="run the project's hyperparameter search; one line per trial, then the best")
    p.add_argument("project")
    p.add_argument("--trials", type=int, metavar="N", help="trials in all, earlier ones of the same search included")
    p.add_argument("--sampler", choices=("grid", "random", "bayes"))
    p.add_argument("--grid", action="append", metavar="NAME=V1,V2", help="search a setting over these values (again "
                   "for each setting): hidden.units=64,128, optimizer.learning_rate=0.001,0.01")  # fmt: skip
    p.add_argument("--folds", type=int, metavar="K", help="k-fold cross-validation (1: the validation split)")
    p.add_argument("--out", metavar="DIR", help="the runs folder of the trials and the study (default: <project>.runs)")
    where = "where the trials run: this machine or a Ray cluster"
    p.add_argument("--engine", choices=("local", "ray"), default="local", help=where)
    p.add_argument("--address", metavar="HOST:PORT", help="the Ray cluster's address (--engine ray; docs/cluster.md)")
    p.set_defaults(run=cmd_search)
    p = sub.add_parser("runs", help="list the recorded runs; rename, star, delete them; write them as CSV")
    p.add_argument("folder", nargs="?", metavar="DIR", help="a runs folder or a project file (default: nnbuilder-runs)")
    p.add_argument("--delete", metavar="ID", help="delete the run ID and its files")
    p.add_argument("--rename", nargs=2, metavar=("ID", "NAME"), help="give the run ID a new name")
    p.add_argument("--star", metavar="ID", help="star the run ID")
    p.add_argument("--unstar", metavar="ID", help="take the star of the run ID away")
    p.add_argument("--csv", metavar="FILE", help="write every run's settings and results to FILE, side by side")
    p.add_argument("--language", choices=("en", "zh"), default="en", help="language of the table and messages")
    p.set_defaults(run=cmd_runs)
    p = sub.add_parser("serve", help="open the app (Voila), by default on 127.0.0.1 with a token")
    p.add_argument("project", nargs="?", help="project file: opened if it exists, saved after each edit")
    p.add_argument("--template", help="start from this template")
    p.add_argument("--port", type=int, help="port (default 8866, or a free one)")
    p.add_argument(
        "--ip", default=serving.DEFAULT_IP, help=f"address to listen on ({serving.DEFAULT_IP}; 0.0.0.0: all)"
    )
    token = p.add_mutually_exclusive_group()
    token.add_argument("--token", help="the token pages must carry (default: a new random one, printed)")
    token.add_argument("--no-token", action="store_true", help="no token (refused unless --ip is loopback)")
    most = serving.DEFAULT_MAX_KERNELS
    p.add_argument(
        "--max-kernels", type=int, default=most, help=f"most pages (kernels) at once; more get 'busy' ({most})"
    )
    idle = serving.DEFAULT_CULL_IDLE
    p.add_argument(
        "--cull-idle", type=int, default=idle, help=f"end kernels idle this long, in seconds ({idle}; 0: never)"
    )
    p.add_argument(
        "--work-root",
        metavar="DIR",
        help="where each visitor gets a work folder of their own (default: .nnbuilder/visitors in the served folder)",
    )
    p.add_argument("--no-browser", action="store_true")
    p.add_argument(
        "--language",
        choices=("en", "zh"),
        default=None,
        help="language of the app for every visitor (en or zh); left out, each visitor's browser keeps their choice",
    )
    p.set_defaults(run=cmd_serve)
    p = sub.add_parser("page", help="write the app notebook and its page template into a folder (for JupyterHub)")
    p.add_argument("folder", help="where to write them; put it on JUPYTER_PATH of the servers that open the app")
    p.add_argument("--name", default="nnbuilder.ipynb", help="the notebook's file name (nnbuilder.ipynb)")
    p.add_argument("--language", choices=("en", "zh"), default="en", help="language of the browser tab's title")
    p.set_defaults(run=cmd_page)
    return top


def main(argv=None) -> int:
    code = _run(argv)
    if code == 130 and argv is None:
        # Interrupted, and the command owns the process: leave now. A Ctrl+C that landed in code a library
        # ran through Python's C API marks the interpreter to kill itself with SIGINT at exit, which would
        # replace this status; and there is nothing left worth a slow shutdown of the backend.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    return code


def _run(argv) -> int:
    try:
        args = parser().parse_args(argv)
        args.whole_process = argv is None  # the command owns the process (not a call from Python)
        return args.run(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except NNBuilderError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:  # `nnbuilder templates | head -1`: the reader has gone, nothing to say
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        return 0
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    except Exception as exc:
        if os.environ.get("NNBUILDER_DEBUG"):
            raise
        return _fail(f"unexpected {type(exc).__name__}: {first_line(exc)} (set NNBUILDER_DEBUG=1 for details)")


if __name__ == "__main__":
    sys.exit(main())
