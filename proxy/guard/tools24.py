"""A tool call naming a host by a host's key with a port, a `port` member or a command sends (issue 12, atk24b F8).

A scope sends when it names a host name with a port or after a key that names a host (`proxy.guard.scopes`), but a
host name was read by its top-level name: `{"host": "collector:8080", "data": "<PH>"}`, `{"host": "collector",
"port": 8080, ...}`, `smtp_send {"server": "mail-relay", "port": 25, ...}` and `ssh_exec {"host": "bastion",
"command": "echo <PH> >> /tmp/x"}` got the client's value back. A single-label host resolves on the agent's network
(its search domain): such a call sends there. So a JSON member whose key names a host (`host`, `hostname`,
`server`, `smtp_host`, `db_server`, `server_name`...) and whose value is a host name (not `localhost` nor a loopback
address) sends when the value has a port (`collector:8080`), or a member of the same text names a port (`"port":
8080`) or a command the host runs (`command`, `cmd`, `script`). A host key alone (`{"hostname": "laptop-42"}` in a
ticket) names no connection: read as before.
"""

from __future__ import annotations

import re

_HOST_MEMBER = re.compile(r'(?i)\\?"(?:[a-z]{1,16}_)?(?:host(?:_?name)?|server(?:_?name)?)\\?"\s{0,8}:\s{0,8}\\?"'
                          r'([A-Za-z0-9][\w.\-]{0,252})(:\d{1,5})?\\?"')
_PORT_OR_COMMAND = re.compile(r'(?i)\\?"(?:[a-z]{1,16}_)?(?:port|command|cmd|commands|script)\\?"\s{0,8}:\s{0,8}'
                              r'(?:\\?"\d{1,5}\\?"|\d{1,5}\b|\\?"|\[)')
_LOOPBACK = re.compile(r"(?i)localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|ip6-localhost")


def names_host_member(text: str) -> bool:
    """Whether a JSON `text` (a tool call's arguments, a JSON document) names a host to connect to (above)."""
    low = text[:65536].lower()
    if "host" not in low and "server" not in low:
        return False
    more: bool | None = None
    for m in _HOST_MEMBER.finditer(text):
        if _LOOPBACK.fullmatch(m.group(1)) is not None:
            continue
        if m.group(2) is not None:
            return True
        if more is None:
            more = _PORT_OR_COMMAND.search(text) is not None
        if more:
            return True
    return False
