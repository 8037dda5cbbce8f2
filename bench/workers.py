"""The coordinator's handle on the load-generator worker processes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from bench.loadgen import worker_main


class Workers:
    """``count`` worker processes; ``call`` runs one method on all of them and gathers results."""

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Connection] = []
        self.processes: list[BaseProcess] = []
        for n in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=worker_main, args=(theirs,), name=f"loadgen-{n}")
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)

    def __len__(self) -> int:
        return len(self.pipes)

    def call(
        self, name: str, per_worker: Sequence[dict[str, Any]] | None = None, **kwargs: Any
    ) -> list[Any]:
        """Call ``name`` on every worker (with ``per_worker[i]`` merged in) and wait for all."""
        for i, pipe in enumerate(self.pipes):
            pipe.send((name, {**kwargs, **(per_worker[i] if per_worker else {})}))
        results = []
        errors = []
        for pipe in self.pipes:
            status, result = pipe.recv()
            if status == "error":
                errors.append(result)
            results.append(result)
        if errors:
            raise RuntimeError(f"load generator: {'; '.join(errors)}")
        return results

    def close(self) -> None:
        for pipe, process in zip(self.pipes, self.processes, strict=True):
            if process.is_alive():
                try:
                    pipe.send(("exit", {}))
                    if pipe.poll(10):
                        pipe.recv()
                except (BrokenPipeError, EOFError, OSError):
                    pass
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
