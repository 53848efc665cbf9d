"""Guardrail policies (placeholder until the policy engine lands): names and versions only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class PolicySet:
    versions: dict[str, str] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name == "default" or name in self.versions

    def version(self, name: str) -> str:
        return self.versions.get(name, "builtin")


def load_policies(folder: Path) -> PolicySet:
    versions: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            versions[path.stem] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return PolicySet(versions)
