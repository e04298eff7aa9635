"""Which executor a build uses: ``local``, ``dask`` or ``dask=ADDRESS``, parsed and checked.

Apart from :mod:`tei_edition.build.executor` because reading the config checks the
``[build] executor`` value on every command, and the executors themselves are only needed when
a build fans work out.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXECUTORS", "ExecutorSpec", "parse_executor"]

EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class ExecutorSpec:
    """``local``, ``dask`` (a LocalCluster) or ``dask=ADDRESS`` (a running scheduler)."""

    kind: str = "local"
    address: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}={self.address}" if self.address else self.kind


def parse_executor(value: str) -> ExecutorSpec:
    """Parse ``local | dask | dask=ADDRESS``; ``ValueError`` with a one-line reason otherwise.

    >>> parse_executor("dask=tcp://10.0.0.5:8786")
    ExecutorSpec(kind='dask', address='tcp://10.0.0.5:8786')
    """
    kind, sep, address = str(value).strip().partition("=")
    kind, address = kind.strip().lower(), address.strip()
    if kind not in EXECUTORS:
        raise ValueError(f"unknown executor {value!r} (expected local, dask or dask=ADDRESS)")
    if kind == "local":
        if sep:
            raise ValueError("the local executor takes no address (use dask=ADDRESS for a cluster)")
        return ExecutorSpec("local")
    if sep and not address:
        raise ValueError("dask= needs the scheduler address, e.g. dask=tcp://scheduler:8786")
    if address:
        hostport = address.split("://", 1)[-1]
        host, colon, port = hostport.rpartition(":")
        if not colon or not host or not port.isdigit():
            raise ValueError(f"scheduler address {address!r} must be HOST:PORT, e.g. tcp://scheduler:8786")
    return ExecutorSpec("dask", address or None)
