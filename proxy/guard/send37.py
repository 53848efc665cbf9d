"""Restore into code and configuration that sends a message to a recipient: a scope that names a sending action and
holds a placeholder under a recipient's key (issue 12, atk35 F02, F03, F06).

rest33 and rest35 read sending calls (`messages.create(to=...)`, `send_email(...)`, `m.to.add(...)` then
`m.send()`), rest36 imports, SDK globals and clients. A tester still got the client's values restored into senders
whose shape is none of these: a mailer chained to its delivery (`UserMailer.with(email: <PH>).welcome.deliver_now`),
a property then a bare call (VBA `mail.To = <PH>` / `mail.Send`), a payload's nested `'To': [{'Email': <PH>}]` beside
`mailjet.send.create`, a workflow's step (n8n `"operation": "send", "sendTo": <PH>`, a GitHub Action
`uses: .../action-send-mail` with `to: <PH>`, Home Assistant `service: notify.sms` with `target: <PH>`), an
operator (Airflow `EmailOperator(to=<PH>)`, `default_args = {'email': [<PH>], 'email_on_failure': True}`), an
intent (`Intent.ACTION_SENDTO` with `putExtra(Intent.EXTRA_EMAIL, arrayOf(<PH>))`), a composer
(`MFMessageComposeViewController` with `recipients = [<PH>]`), and mail configuration (fail2ban `destemail = <PH>`,
Sieve `redirect "<PH>";`, `/etc/aliases`, `~/.forward`, Nagios `contact` `email`/`pager` with its
`notify-...-by-email` commands, `New-InboxRule -ForwardTo <PH>`, a Zapier/Power Automate step `Send an email` with
`To: <PH>`), and a Terraform resource of a remote provider (`pagerduty_user_contact_method`,
`google_monitoring_notification_channel`: `terraform apply` sends it there).

The general shape, not one rule per vendor: a code scope with a placeholder sends when
- a recipient's key (`to`, `cc`, `bcc`, `recipients`, `target`, `sendTo`, `EXTRA_EMAIL`, `addr`, `ForwardTo`...) holds
  a placeholder (`key = <PH>`, `key: [{"Email": <PH>}]`, `key, arrayOf(<PH>)`, `-Key <PH>`, a config's `key <PH>`)
  and the scope names a sending action: an identifier, a call or a config value whose words send, notify, deliver,
  forward, redirect or compose (`mail.Send`, `Transport.send(`, `deliver_now`, `notify.sms`, `action-send-mail`,
  `ACTION_SENDTO`, `"operation": "send"`, `MFMessageComposeViewController`), or name a mail/SMS agent (`Mailer`,
  `EmailOperator`, `SmsManager`, `MailApp`); a word of prose (`please send the notes`) is no action;
- a key that names the action and its recipient at once holds one (`destemail`, `forward_to`, `ForwardTo`,
  `redirect_to`, `EXTRA_EMAIL`, Sieve's `redirect "<PH>"`);
- a contact's key (`email`, `phone`, `mobile`, `pager`, `address`) holds one and the scope names mail or SMS
  notification (`email_on_failure`, `notify-service-by-email`, `sms_contact_method`, a `Mailer`) outside a JSON
  document (a form the user fills is no sender);
- it names a mail system's forwarding file (`/etc/aliases`, `newaliases`, `~/.forward`);
- it is a Terraform resource or data source of a remote provider (not `local_`, `null_`, `random_`, `tls_`,
  `time_`, `archive_`, `template_`, `terraform_`).
Kept restored: a draft e-mail (`To: <PH>` / `Subject:` / prose), a form or JSON record (`{"to": <PH>, "subject":
...}`, `{"email": <PH>, "notifications": true}`), code that prints, formats, validates or stores the value
(`EmailMessage()` then `print(msg)`, a dict, sqlite, a CSV writer), a call that stays in the process
(`signal.send(sender=User, email=<PH>)`), a tool call with no sending action.
"""

from __future__ import annotations

import re
from functools import lru_cache

from proxy.guard.rest36 import _PH

# ------------------------------------------------------------------------------------------------ actions
# An identifier's words (camelCase, snake_case, kebab-case, dotted; `ACTION_SENDTO`, `MFMessageComposeViewController`).
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_VERB = frozenset({"send", "sendto", "sends", "sendmail", "sendemail", "sendsms", "notify", "notifier", "notifies",
                   "deliver", "delivery", "forward", "forwardto", "redirect", "trigger",
                   "compose", "composer", "mailer", "mailers", "dispatch", "sendgrid", "mailjet",
                   "mailgun", "postmark", "sparkpost", "mandrill", "emailext"})  # (Jenkins' `emailext`: left38)
_CHANNEL = frozenset({"mail", "email", "e", "sms", "mms", "pager", "message", "text", "whatsapp"})
# What, named beside a channel, sends on it (`EmailOperator`, `SmsManager`, `MailApp`, `EmailSender`).
_AGENT = frozenset({"operator", "manager", "app", "sender", "service", "transport", "client", "gateway", "api",
                    "provider", "backend", "channel", "hook", "task", "action", "relay"})
# A token: an identifier with what joins its words (`.`, `_`, `-`, `/`, `::`, `->`), or a quoted or config value.
_TOKEN = re.compile(r"[A-Za-z_$][\w$]*(?:(?:\.|::|->|-|/)[A-Za-z_$][\w$]*)*")
_ACTION_GATE = re.compile(r"(?i)send|notif|deliver|forward|redirect|compos|mail|sms|dispatch|trigger")


def _joined(tok: str) -> bool:
    """Whether `tok` is code's, not prose's: joined words, camelCase, a constant."""
    return any(c in tok for c in "._-/:>$") or (any(c.isupper() for c in tok[1:]) and not tok.isupper()) or \
        (tok.isupper() and len(tok) > 1 and "_" in tok)


def _is_action(words: list[str]) -> bool:
    ws = [w.lower() for w in words]
    if any(w in _VERB for w in ws):
        return True
    return any(w in _CHANNEL for w in ws) and any(w in _AGENT or w[:-1] in _AGENT for w in ws)


@lru_cache(maxsize=256)
def names_action(text: str) -> bool:
    """Whether `text` names a sending action (see the module): a code token, a call, or a quoted or config value
    that is nothing but the action (`"operation": "send"`, `service: notify.sms`)."""
    if _ACTION_GATE.search(text) is None:
        return False
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if _ACTION_GATE.search(tok) is None:
            continue
        words = _WORDS.findall(tok)
        if not _is_action(words):
            continue
        if _joined(tok):
            return True
        after = text[m.end():m.end() + 1]  # (a bare `send(...)` is the code's own function: rest35)
        before = text[max(0, m.start() - 1):m.start()]
        if before == "." or (before and before in "\"'" and after == before) or \
                _CONFIG_VALUE.match(text, m.start()) is not None and _LINE_KEY.search(text, 0, m.start()):
            return True
    return _STEP.search(text) is not None


# A config's value alone on its line after a key (`operation: send`).
_CONFIG_VALUE = re.compile(r"[A-Za-z]+[ \t]*$", re.M)
_LINE_KEY = re.compile(r"(?m)^[ \t]*[-\w\"']+[ \t]*[:=][ \t]*\Z")
# A no-code automation's step: `Send an email`, `Send Email (V2)`, `Gmail - Send Email`, `Action: Send SMS`.
_STEP = re.compile(r"(?im)^[ \t]*(?:(?:[-*+]|\d{1,2}[.)]|step[ \t]*\d{0,2}[ \t]*[:.)-]|action[ \t]*[:.-]"
                   r"|then[ \t]*[:.-]?"
                   r"|[A-Za-z0-9 ]{1,40}[ \t]*[-\u2013\u2014>:|][ \t]*)[ \t]*){0,2}send[ \t]+(?:an?[ \t]+)?"
                   r"(?:e-?mail|sms|text[ \t]+message|message|notification|outlook[ \t]+email|gmail)"
                   r"(?:[ \t]*\(v\d\))?[ \t]*$")

# ------------------------------------------------------------------------------------------------ recipients
# What comes between a key and its placeholder: `=`, `:`, `=>`, `,` or `(` and up to 80 characters of its line
# (`'To': [{'Email': <PH>}]`, `EXTRA_EMAIL, arrayOf(<PH>)`), blanks then the value (`email <PH>`, `-To "<PH>"`), or
# a YAML list's first item on the next line (`target:` / `  - <PH>`).
_VALUE = r"""(?:[ \t]*(?:=(?![=>])|:(?![:=])|=>|,|\()[ \t]*[^\n]{0,80}?|[ \t]+["']?|:[ \t]*\n[ \t]*-[ \t]+["']?)"""
_PH_AT = r"(?:<|\\u003[cC])[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?(?:>|\\u003[eE])"
# A recipient's key.
_TO_KEY = re.compile(
    r"""(?i)(?<![\w$])["']?(?:to|cc|bcc|(?:(?:set|add)_?)?(?:to_?|cc_?|bcc_?)?recipients?|recipient_?(?:list|ids?|emails?|numbers?)|targets?|sendto"""
    r"""|send_?to|e?mail_to|addr|addresses|destinations?|dest|emails?_?to|notify_?(?:to|emails?)|extra_email"""
    r"""|to_?(?:list|addrs?|e?mails?|numbers?|phones?|phone_?numbers?))(?![\w$])["']?""" + _VALUE + _PH_AT)
# A key that names the action and its recipient (`destemail`, `ForwardTo`, `-RedirectTo`, Sieve's `redirect "x"`).
_ACT_KEY = re.compile(
    r"""(?i)(?<![\w$])-?["']?(?:destemail|dest_?email|forward_?to|forward_?as_?attachment_?to"""
    r"""|forward(?:ing)?_?(?:smtp_?)?(?:address|email)|extra_email|send_?to|(?<=-)redirect_?to)(?![\w$])["']?"""
    + _VALUE + _PH_AT
    + r"""|(?m:^[ \t]*(?:redirect|forward)[ \t]+(?::copy[ \t]+)?"[ \t]*""" + _PH_AT + ")")
# (not Rails' `redirect_to path, notice: ...` nor its `mail_to` link helper)
# A contact's key (read beside a mail or SMS notification's name, outside a JSON document).
_CONTACT_KEY = re.compile(
    r"""(?i)(?<![\w$])["']?(?:e?mail|email_?address|phone(?:_?number)?|mobile|pager|address|number|msisdn)"""
    r"""(?![\w$])["']?""" + _VALUE + _PH_AT)
_NOTICE = re.compile(r"(?i)(?<![a-z])(?:e?mail|sms|pager)[_-]?on[_-]?(?:failure|retry|success|error)"
                     r"|notif\w*[_-](?:by[_-])?(?:e?mail|sms|pager)|(?:e?mail|sms|pager)[_-]?notif"
                     r"|(?:sms|email|pager)_contact_method|[A-Z]\w*Mailer\b|\bdeliver_(?:now|later)\b"
                     r"|_notification_commands\b")
# An alerting config's mail receiver (left38): Alertmanager's `email_configs`, a Grafana contact point of `type:
# email` (its `addresses`), Jenkins' `emailext` step, read with a recipient's key (`_TO_KEY`).
_RECEIVER = re.compile(r"""(?i)\bemail_configs[ \t]*:|(?<![\w$.])emailext\b"""
                       r"""|["']?type["']?[ \t]*:[ \t]*["']?email["']?[ \t]*(?:,|$)""", re.M)
# A crontab's `MAILTO=<PH>` (cron mails the jobs' output there), with a job line after it (left38).
_CRON_MAILTO = re.compile(r"(?m)^[ \t]*MAILTO[ \t]*=[ \t]*[\"']?" + _PH_AT)
# A mail system's forwarding files.
_FORWARDING = re.compile(r"/etc/(?:mail/)?aliases\b|\bnewaliases\b|~/\.forward\b|\$HOME/\.forward\b"
                         r"|(?<![\w.])\.forward[ \t]*$|\bprocmailrc\b", re.M)
# A Terraform resource or data source of a remote provider.
_TF = re.compile(r"""(?m)^[ \t]*(?:resource|data)[ \t]+"(?!(?:local|null|random|tls|time|archive|template"""
                 r"""|terraform|external)_)[a-z][a-z0-9]*_[a-z0-9_]+"[ \t]+"[^"\n]*"[ \t]*\{""")


def _cron_job_after(text: str, at: int) -> bool:
    """Whether a crontab's job line (five time fields or an `@daily`-like one) follows `at`."""
    from proxy.guard.rest31 import _CRON_LINE

    return any(_CRON_LINE.match(line) is not None and not line.lstrip().startswith("#") and "=" not in line.split()[0]
               for line in text[at:].split("\n")[1:] if line.strip())


def _json_document(text: str) -> bool:
    """Whether `text` (a fenced block's too) is a JSON document, a form or a record (a stream's still open)."""
    return _JSON_START.match(_FENCE.sub("", text)) is not None


_JSON_START = re.compile(r"\s*(?:\{|\[\s*(?:[\[{\"\d-]|\Z))")  # (not an INI section's `[Service]`)
_FENCE = re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,})[^\n]*$")


def gate(text: str) -> bool:
    """Cheap: whether `text` may send by this module's rules (a placeholder in it)."""
    return "<" in text or "\\u003" in text


@lru_cache(maxsize=256)
def sends(text: str) -> bool:
    """Whether a code scope's `text` sends a message to a recipient by this module's rules (see the module)."""
    if not gate(text) or _PH.search(text) is None:
        return False
    if 'resource "' in text or 'data "' in text:
        if _TF.search(text) is not None:
            return True
    if ("aliases" in text or "forward" in text or "procmail" in text) and _FORWARDING.search(text) is not None:
        return True
    if _ACT_KEY.search(text) is not None:
        return True
    if _TO_KEY.search(text) is not None and (names_action(text) or ("mail" in text or "MAIL" in text)
                                             and _RECEIVER.search(text) is not None):
        return True
    if "MAILTO" in text and (m := _CRON_MAILTO.search(text)) is not None and _cron_job_after(text, m.end()):
        return True
    return not _json_document(text) and _CONTACT_KEY.search(text) is not None and \
        _NOTICE.search(text) is not None
