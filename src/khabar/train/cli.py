"""`khabar train roles FILE`: retrain the role tagger and incident classifier (`make train`)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from khabar.errors import ErrorCode, KhabarError

train_app = typer.Typer(help="Train khabar's learned components.", no_args_is_help=True)

CONFIG = Path(__file__).with_name("roles.cfg")


@train_app.command("roles")
def roles_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="MUC-4 templates in the layout of shared/data/muc4_dev.jsonl."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(help="Where the model goes; default: the one khabar ships and loads."),
    ] = None,
    max_steps: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many updates (default: config).")
    ] = None,
    gpu_id: Annotated[int, typer.Option(help="GPU to train on; -1 for the CPU.")] = -1,
) -> None:
    """Train on the file's `train` split (a tenth held out for choosing the best model)."""
    import spacy
    from spacy.cli.train import train

    from khabar.cli import _fail, err_console
    from khabar.eval.records import load
    from khabar.nlp.roles import model_path
    from khabar.train.muc4 import docbin, examples

    try:
        records = load(file, dict).items
    except KhabarError as error:
        raise _fail(error) from error
    nlp = spacy.blank("en")
    destination = output or model_path()
    with tempfile.TemporaryDirectory(prefix="khabar-train-") as work:
        corpus = Path(work)
        train_bin = docbin(nlp, examples(records, holdout=False))
        if not len(train_bin):
            raise _fail(
                KhabarError(ErrorCode.BAD_ARGUMENT, f"{file} has no record with split=train.")
            )
        train_bin.to_disk(corpus / "train.spacy")
        docbin(nlp, examples(records, holdout=True)).to_disk(corpus / "holdout.spacy")
        overrides: dict[str, object] = {
            "paths.train": str(corpus / "train.spacy"),
            "paths.dev": str(corpus / "holdout.spacy"),
        }
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        train(CONFIG, corpus / "out", overrides=overrides, use_gpu=gpu_id)
        if destination.exists():
            shutil.rmtree(destination)
        shutil.copytree(corpus / "out" / "model-best", destination)
    err_console.print(f"Model written to {escape(str(destination))}")
