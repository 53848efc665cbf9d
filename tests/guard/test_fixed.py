"""proxy.guard.fixed and proxy.providers.answers.answer_names: `patterns:` rules on texts that cannot be rewritten
(issue 12, "No side doors"): names and ids read as words, credentials by blocking rules only; in answers, every
string under an id or name key but the SDKs' enumerated words and base64 payloads."""

from __future__ import annotations

from proxy.config.policy import PatternRule
from proxy.guard.fixed import name_findings
from proxy.providers.answers import answer_names

RULES = [PatternRule(name="codenames", regex=r"(?i)\bproject (falcon|osprey)\b", action="block"),
         PatternRule(name="keys", regex=r"\bsk-[A-Za-z0-9_-]{16,}\b", action="redact"),
         PatternRule(name="watch", regex=r"(?i)\bkestrel\b", action="flag")]


def test_ids_are_read_as_words() -> None:
    for name in ("call_projectFalcon", "project-osprey", "toolu_PROJECT_FALCON_1", "ProjectFalcon"):
        findings, action, matched = name_findings(RULES, [name, "call_1"])
        assert findings == {"codenames": 1} and action == "block" and matched == {name}, name
    assert name_findings(RULES, ["call_8fJ2kQ", "falcon_status", "project_build"]) == ({}, "flag", set())
    assert name_findings(RULES, ["kestrel_v2"]) == ({"watch": 1}, "flag", set())  # a flag rule flags


def test_names_are_read_as_written_too() -> None:
    # A rule may spell a name's punctuation: read as words only, `project-falcon-1` never matched it.
    hyphen = [PatternRule(name="hyphen", regex=r"(?i)project-falcon", action="block"),
              PatternRule(name="dotted", regex=r"gpt-4\.1-secret", action="redact")]
    assert name_findings(hyphen, ["project-falcon-1"]) == ({"hyphen": 1}, "block", {"project-falcon-1"})
    assert name_findings(hyphen, ["gpt-4.1-secret"]) == ({"dotted": 1}, "block", {"gpt-4.1-secret"})
    assert name_findings(hyphen, ["project_falcon", "gpt-4.1-mini"]) == ({}, "flag", set())


def test_credentials_are_read_by_blocking_rules_only() -> None:
    token = "sk-mcp_0123456789abcdefXYZ"
    assert name_findings(RULES, [], [token]) == ({}, "flag", set())
    # On an id or a name a rule that redacts blocks (nothing can be redacted there).
    heron = [PatternRule(name="heron", regex=r"(?i)\bproject heron\b", action="redact")]
    assert name_findings(heron, ["call_project_heron"]) == ({"heron": 1}, "block", {"call_project_heron"})
    assert name_findings(heron, [], ["project-heron"]) == ({}, "flag", set())
    assert name_findings(RULES, [], ["Bearer project-falcon"])[1] == "block"


def test_answer_names_leave_out_enum_words_and_payloads() -> None:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "model": "project-falcon", "system_fingerprint": "fp_1",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                "role": "assistant", "content": None, "tool_calls": [
                    {"id": "call_projectfalcon", "type": "function",
                     "function": {"name": "project_falcon", "arguments": "{}"}}]}}],
            "signature": "RXFRQkNnSVlBaElNc2lnMTIzNDU2Nzg5MA=="}
    got = sorted((key, c[key]) for c, key in answer_names(body))
    assert got == [("id", "call_projectfalcon"), ("id", "chatcmpl-1"), ("model", "project-falcon"),
                   ("name", "project_falcon"), ("system_fingerprint", "fp_1")]
