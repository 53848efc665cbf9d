"""Hot reload: watch the config files and swap in a new `Settings` when they change and validate.

Polling stat() every half second is cheap and works on every filesystem (bind mounts, ConfigMaps
swapped by symlink) where inotify does not. A file that fails validation leaves the previous
settings in force; the error is logged (file, line, field, message only) and shown on /readyz.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from proxy.config.settings import ConfigErrors, Settings, load_settings, reload_refusals, watched_files

log = logging.getLogger("guardrail.reload")

Stamp = tuple[tuple[str, int, int], ...]


def _stamp(paths: list[Path]) -> Stamp:
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), 0, -1))
    return tuple(out)


def _policy_dir_stamp(settings: Settings) -> Stamp:
    folder = settings.resolve(settings.proxy.policies_dir)
    try:
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])  # a .yml file is reported, not read
    except OSError:
        files = []
    return _stamp(files)


class Reloader:
    def __init__(self, settings: Settings, on_change: Callable[[Settings], None], interval: float = 0.5) -> None:
        self.settings = settings
        self.on_change = on_change
        self.interval = interval
        self.last_error: str | None = None
        self._stamp = self._current_stamp(settings)
        self._settling: Stamp | None = None
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    def _current_stamp(self, settings: Settings) -> Stamp:
        return _stamp(watched_files(settings)) + _policy_dir_stamp(settings)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.reload()
            except Exception:  # noqa: BLE001 - the watcher must survive anything; details are in the log
                log.exception("config reload failed unexpectedly")

    async def reload(self, force: bool = False) -> bool:
        """Reload if a watched file changed (or always, with force). True when the new settings apply."""
        async with self._lock:
            stamp = await asyncio.to_thread(self._current_stamp, self.settings)
            if not force and stamp == self._stamp:
                self._settling = None
                return self.last_error is None
            if not force and stamp != self._settling:
                # A file is being written (an editor truncates, then writes; an empty policy file is a
                # policy with no checks): load it once it has stayed the same for one poll.
                self._settling = stamp
                return self.last_error is None
            self._settling = None
            self._stamp = stamp
            try:
                new = await asyncio.to_thread(load_settings, self.settings.config_path)
                if refused := reload_refusals(self.settings, new):
                    raise ConfigErrors(refused)
            except ConfigErrors as exc:
                self.last_error = str(exc)
                for line in self.last_error.splitlines():
                    log.error("config reload rejected, previous version stays in force: %s", line)
                return False
            self.last_error = None
            self.settings = new
            after = await asyncio.to_thread(self._current_stamp, new)
            # The new settings may watch other files: take their stamps. The same files keep the stamps
            # taken before the load, so a file written meanwhile is loaded again at the next polls.
            if [entry[0] for entry in after] != [entry[0] for entry in stamp]:
                self._stamp = after
            self.on_change(new)
            log.info("config reloaded")
            return True
