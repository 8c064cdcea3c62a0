"""The Lab's job for :class:`resnet_viz.train.jobs.JobQueue`: train, record the run as it grows, save it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from resnet_viz.paths import runs_dir
from resnet_viz.train.remote import RemoteSpec
from resnet_viz.train.runs import RunRecord, save_run


def training_job(config: Any, directory: str | os.PathLike | None = None, label: str = "",
                 checkpoints: str | os.PathLike | None = None, assignment: str | None = None) -> Callable[[Any], str]:
    """A job function for :class:`resnet_viz.train.jobs.JobQueue`: train ``config``, publish the growing run document
    as ``job.progress()["run"]`` after every event, save the run file (also when stopped) and return its path.
    With ``checkpoints``, a finished run's networks are saved in ``checkpoints/<run id>/`` for the Inspector; with
    ``assignment``, the run is tagged as part of that class experiment (:mod:`resnet_viz.train.classroom`)."""
    from resnet_viz.train.trainer import Trainer  # torch is imported when a job runs, not when the page lists runs

    def run(job: Any) -> str:
        record = RunRecord(label)
        if assignment:
            record.doc["assignment"] = assignment
        job.update(run=record.snapshot(), phase="loading")
        trainer = Trainer(config)
        job.update(phase="training")
        for event in trainer.run(stop=job.cancelled):
            record.add(event)
            job.update(run=record.snapshot())
        path = save_run(record.doc, Path(directory or runs_dir()) / record.filename)
        if checkpoints and record.doc["status"] == "done":
            trainer.save_checkpoints(Path(checkpoints) / record.doc["id"], record.doc["final"], record.doc["id"])
        job.update(path=str(path), phase="saved")
        return str(path)

    # How to run it on a school's cluster (resnet_viz.train.cluster): the config's values, on the worker's own
    # device and cores.
    run.remote = RemoteSpec("train", {**config.to_dict(), "device": None, "threads": None},
                            str(Path(directory or runs_dir())), label,
                            str(checkpoints) if checkpoints else None, assignment,
                            cost=config.iterations * sum(config.depths))
    return run
