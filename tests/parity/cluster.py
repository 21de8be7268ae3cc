"""A real Spark standalone cluster on this machine for the tests: one master and two workers,
started with PySpark's own launcher (`bin/spark-class` with Spark's Master and Worker classes),
listening on 127.0.0.1 only.

The registry's Spark tests run against it, so that every query is planned by the driver (the
test process) and run by executors in other processes, reading and writing files as a cluster
does. Each daemon dies with the process that started it (Linux `PR_SET_PDEATHSIG`), so an
interrupted test run leaves no JVM behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Small test jobs: JVMs that compile less and collect simply start and finish them sooner.
FAST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
START_TIMEOUT = 180  # seconds; a busy 2-core machine starts four JVMs slowly


@dataclass(frozen=True)
class Cluster:
    master_url: str
    logs: Path

    def log_tail(self, lines: int = 20) -> str:
        tails = []
        for log in sorted(self.logs.glob("*.log")):
            text = log.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(tails)


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_for_port(port: int, process: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Spark master exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise RuntimeError("the Spark master did not open its port in time")


@contextlib.contextmanager
def standalone_cluster(
    work: Path, workers: int = 2, cores: int = 1, memory: str = "1g"
) -> Iterator[Cluster]:
    """Start a master and `workers` workers (each offering `cores` cores and `memory`); stop
    them on exit. Logs and the workers' scratch folders are kept under `work`."""
    home = spark_home()
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SPARK_HOME": str(home),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_DAEMON_MEMORY": "256m",
        "SPARK_DAEMON_JAVA_OPTS": FAST_JVM,
        "SPARK_NO_DAEMONIZE": "1",
        "PYSPARK_PYTHON": sys.executable,
    }
    port = _free_port()
    master_url = f"spark://127.0.0.1:{port}"
    launcher = str(home / "bin" / "spark-class")
    commands = [
        (
            "master",
            [
                launcher,
                "org.apache.spark.deploy.master.Master",
                *("--host", "127.0.0.1", "--port", str(port)),
                *("--webui-port", str(_free_port())),
            ],
        )
    ]
    for index in range(workers):
        scratch = work / f"worker-{index}"
        scratch.mkdir(exist_ok=True)
        commands.append(
            (
                f"worker-{index}",
                [
                    launcher,
                    "org.apache.spark.deploy.worker.Worker",
                    master_url,
                    *("--host", "127.0.0.1", "--cores", str(cores), "--memory", memory),
                    *("--webui-port", str(_free_port()), "--work-dir", str(scratch)),
                ],
            )
        )
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for name, command in commands:
            with (logs / f"{name}.log").open("wb") as log:
                processes.append(
                    subprocess.Popen(
                        command,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                    )
                )
        _wait_for_port(port, processes[0], time.monotonic() + START_TIMEOUT)
        yield Cluster(master_url, logs)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_executors(session: object, count: int, timeout: float = START_TIMEOUT) -> None:
    """Block until `count` executors have registered with the session's driver."""
    context = session.sparkContext  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # The driver's block manager is counted as well.
        if context._jsc.sc().getExecutorMemoryStatus().size() >= count + 1:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{count} Spark executors did not register in {timeout:.0f} s")
