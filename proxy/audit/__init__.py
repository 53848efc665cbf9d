"""The decision log: one JSON record per request, chained, anchored, written to rotated files or stdout.

- `chain`: canonical forms, each record's `hash` (SHA-256, covering `seq` and `prev_hash`) and `mac`
  (HMAC-SHA256 with the key, when one is configured);
- `keys`: the key (key file or `$GUARDRAIL_AUDIT_KEY`), its id, the Ed25519 key pair derived from it;
- `files`: file names, the head anchor (last seq and hash, signed), the tail of a log;
- `writer`: `DecisionLog`, which writes on the event loop and fsyncs, rotates and updates the head in
  one background thread; at start it takes the chain's lock and recovers from a crash;
- `verify`: checks a file, a folder or several files, naming every broken line and gap.
"""

from proxy.audit.chain import GENESIS as GENESIS
from proxy.audit.chain import _canonical as _canonical  # the legacy-form test compares the two forms
from proxy.audit.chain import _legacy_canonical as _legacy_canonical
from proxy.audit.chain import record_hash as record_hash
from proxy.audit.keys import KEY_ENV as KEY_ENV
from proxy.audit.keys import AuditKey as AuditKey
from proxy.audit.keys import AuditKeyError as AuditKeyError
from proxy.audit.keys import load_key as load_key
from proxy.audit.verify import VerifyResult as VerifyResult
from proxy.audit.verify import verify as verify
from proxy.audit.verify import verify_all as verify_all
from proxy.audit.verify import verify_lines as verify_lines
from proxy.audit.writer import DecisionLog as DecisionLog
from proxy.audit.writer import DecisionLogError as DecisionLogError
from proxy.audit.writer import DecisionLogLocked as DecisionLogLocked
from proxy.audit.writer import open_decision_log as open_decision_log
from proxy.audit.writer import reopen_decision_log as reopen_decision_log
