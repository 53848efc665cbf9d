"""Mailboxes under private / Active Directory domains (issue 12, atk26 F15).

Presidio's e-mail recognizer keeps an address only when tldextract knows its top-level domain; the private-use
names a network's own hosts live under are on no public list: mDNS `.local` (RFC 6762), ICANN's reserved
`.internal`, and what Active Directory forests and home routers are named (`.corp`, `.lan`, `.intranet`,
`.localdomain`, `.private`, `.home`, `.localnet`, `.intra`). `.home.arpa` (RFC 8375) is on the list
already. `recognizers.OfflineEmailRecognizer` took an address there only with a person-shaped mailbox (`jane.doe@`),
so a help-desk ticket's or a log's `jdoe@corp.local`, `rokafor@corp.internal`, `a.nguyen2@ad.contoso.local` (the
short user names AD gives people: a user principal name) went out as written.

Under such a domain (a host before the top-level name: `corp.local`, never `local` alone) an address is a person's
when its mailbox is a user name: letters, then letters or digits, with `.`, `_` or `-` between (`jdoe`, `a.nguyen2`,
`rokafor`, `j_smith01`, a person's own admin account `adm-jdoe`); not an account a service or a role runs under
(`root`, `postgres`, `admin`, `nginx`, `git`, `noreply`, `www-data`, `svc-backup`, `sql_svc`...; these were taken
before when person-shaped), nor a Kerberos service principal (`HTTP/web01.corp.local@CORP.LOCAL`: a `/` in the
mailbox, left to the person-shaped rule), nor a machine account (`WS01$`), nor a URL's password and host
(`mongodb://admin:hunter2@mongo.corp.local`: `url_password`, in `recognizers.technical_value`). Not decided here:
logins (`ssh jdoe@build.corp.local`, `git@gitlab.corp.local:team/repo.git`) are `recognizers.host_login`'s, as on
public domains.

Left out on purpose: `.test`, `.example`, `.invalid` (RFC 2606/6761: reserved so that no mailbox exists there;
documentation's hosts, `collector.example`), and a single-label host with no dot (`jdoe@fileserver`: Presidio's
pattern needs a dot; shell prompts `jdoe@ws01:~$`, `nginx@localhost` systemd units, `pkg@1.2.3` look the same).
"""

from __future__ import annotations

import re

# The last labels of private-use domains (no public suffix): the names RFCs and ICANN reserve for a network's own
# hosts, and what AD forests, routers and intranets are commonly named.
PRIVATE_TLDS = frozenset({"internal", "local", "lan", "corp", "intranet", "localdomain", "private", "home",
                          "localnet", "intra"})

# A user name: a letter, then letters or digits, with single `.`, `_` or `-` between (`jdoe`, `a.nguyen2`).
_USER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*")

# Accounts services, daemons and roles run under: no person's mailbox (`root@db.corp.local`, `postgres@db.internal`,
# `admin@corp.intranet`). Compared lower-case, with digits and a `-`/`_`/`.` part that names a service dropped.
_ACCOUNTS = frozenset("""
root admin admins administrator administrators sysadmin sysop superuser sa operator ops devops sre
daemon nobody sys sync games lp mail news uucp proxy backup list irc gnats www www-data wwwrun http httpd
apache apache2 nginx tomcat jetty iis iusr lighttpd caddy haproxy squid varnish
postgres postgresql pgsql mysql mariadb mssql sql sqlserver oracle redis mongo mongodb memcache memcached
elastic elasticsearch kibana logstash kafka zookeeper rabbitmq cassandra couchdb influxdb grafana prometheus
git gitlab github gitea bitbucket svn hg jenkins bamboo teamcity buildbot runner builder build ci cd deploy deployer
ansible puppet chef salt terraform docker podman k8s kube kubernetes containerd
ubuntu debian centos fedora rhel ec2-user cloud-user azureuser opc pi vagrant user users guest guests test tester
testuser demo sample example default service services svc system systemd app apps application bot bots robot
noreply no-reply donotreply do-not-reply mailer mailer-daemon postmaster hostmaster webmaster abuse security
alerts alert monitoring monitor nagios zabbix cron scheduler batch etl backup backups archive journal logs logging
info support helpdesk help sales billing office it itsupport hr notifications notify bounce bounces
krbtgt ldap ldapadmin domainadmin localadmin exchange sharepoint sccm wsus
""".split())
# A name part that makes a user name a service's account whatever else it holds (`svc-payroll`, `sql_svc`), and the
# parts that do only together (`www-data`, `backup-admin`, `app.sync`): a person's own admin account
# (`adm-jdoe`, `jdoe.admin`) names the person and is taken.
_SERVICE_PARTS = frozenset({"svc", "service", "srv", "bot", "daemon", "noreply", "system", "robot"})
_ROLE_PARTS = _ACCOUNTS | _SERVICE_PARTS | frozenset(
    "adm admin app api test tmp temp backup scan scanner sync ldap sql data user web db prod dev stage staging "
    "reply do not mail job jobs task tasks agent worker runner read only readonly rw ro sa".split())
_PARTS = re.compile(r"[._-]")


def private_domain(domain: str) -> bool:
    """Whether `domain` is a host under a private-use top-level name (`corp.local`, `ad.contoso.local`,
    `CORP.INTERNAL`), never the bare name (`local`)."""
    head, _, last = domain.rstrip(".").lower().rpartition(".")
    return bool(head) and last in PRIVATE_TLDS


def user_mailbox(local: str) -> bool:
    """Whether `local` (an address's mailbox) is a person's user name (`jdoe`, `rokafor`, `a.nguyen2`), not a
    service's or a role's account (`root`, `postgres`, `svc-backup`) nor a service principal or machine account."""
    if _USER_NAME.fullmatch(local) is None:
        return False
    low = local.lower()
    if low.rstrip("0123456789") in _ACCOUNTS:
        return False
    parts = [part.rstrip("0123456789") for part in _PARTS.split(low)]
    return not any(part in _SERVICE_PARTS for part in parts) and not all(part in _ROLE_PARTS for part in parts)


def internal_verdict(local: str, domain: str) -> bool | None:
    """Whether the address `local@domain` (as Presidio's pattern took it: a key and `=` or quotes may lead) is a
    person's mailbox under a private-use domain (see the module); None where this module does not decide: a domain
    of another kind, or a `/` in the mailbox (a path or a service principal: `recognizers`' person-shaped rule reads
    what follows it)."""
    if not private_domain(domain):
        return None
    box = re.split(r"[=:'\"`]", local)[-1]
    return None if "/" in box else user_mailbox(box)


# A URL's user and `:` right before the address (`mongodb://admin:hunter2@mongo.corp.local:27017`): the password and
# the host of a connection string (the secrets check's), no mailbox.
_USERINFO = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:]*:$")


def url_password(text: str, start: int, end: int) -> bool:
    """Whether the address `text[start:end]` under a private-use domain is a URL's password and host."""
    return private_domain(text[start:end].rpartition("@")[2]) \
        and _USERINFO.search(text, max(0, start - 200), start) is not None
