"""``mt users`` and ``mt audit``: the review service's accounts, API keys and history, on the command line.

Each works on the service's database (``--db``, the same URL as ``mt serve``), also while it runs.
What these commands change is in the audit trail as done by ``cli:<login name>``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING

from mt.cli.common import EXIT_OK, Commands, Loaded, command
from mt.service.accounts import ROLES, AccountError, check_name, check_role, hash_password, new_api_key

if TYPE_CHECKING:
    from mt.service.store import Store

DEFAULT_DB = "sqlite:///mt-review.sqlite"


USERS_DESCRIPTION = (
    "Accounts of the review service. Roles: editor (documents, decisions, translation),\n"
    "reviewer (also approves the rules and glossary terms editors propose), admin (also accounts\n"
    "and history).\n"
    "Programs use an API key: Authorization: Bearer mt_… (or LibreTranslate's api_key field)."
)

USERS_EXAMPLES = (
    "examples:\n"
    "  mt users add anna --role editor              # asks for a password\n"
    '  echo "$PASSWORD" | mt users add ben --role reviewer --password-stdin\n'
    "  mt users add feed-importer --role editor --no-password\n"
    "  mt users key feed-importer --label 'RSS importer'   # prints the key once\n"
    "  mt users list\n"
    "  mt users disable anna"
)

AUDIT_DESCRIPTION = "The audit trail, newest first: accounts, sign-ins, documents, decisions, rules, jobs."

AUDIT_EXAMPLES = "example:\n  mt audit --limit 20 --user anna"


def add_parsers(commands: Commands) -> None:
    """The ``users`` and ``audit`` commands."""
    users = command(
        commands, "users", "manage the review service's accounts and API keys", USERS_DESCRIPTION, USERS_EXAMPLES
    )
    actions = users.add_subparsers(title="actions", metavar="ACTION", parser_class=type(users))
    add = actions.add_parser("add", help="add an account")
    add.add_argument("name", help="user name: lower-case letters, digits, '.', '_', '-'")
    add.add_argument("--role", choices=ROLES, default="editor", help="editor (default), reviewer or admin")
    given = add.add_mutually_exclusive_group()
    given.add_argument("--password-stdin", action="store_true", help="read the password from stdin (one line)")
    given.add_argument("--no-password", action="store_true", help="no sign-in: an account for API keys only")
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)
    for name, text, handler in (
        ("disable", "disable an account: its sign-in, sessions and API keys stop working at once", _disable),
        ("enable", "enable a disabled account again: its password and API keys work again", _enable),
    ):
        p = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        p.add_argument("name")
        p.set_defaults(handler=handler)
    key = actions.add_parser("key", help="make a new API key for an account and print it (shown only this once)")
    key.add_argument("name")
    key.add_argument("--label", default="", help="what the key is for")
    key.set_defaults(handler=_key)

    audit = command(
        commands, "audit", "show the review service's history: who did what, when", AUDIT_DESCRIPTION, AUDIT_EXAMPLES
    )
    audit.add_argument("--limit", type=int, default=50, help="how many lines (default 50)")
    audit.add_argument("--user", help="only this user's actions")
    audit.add_argument("--json", action="store_true", help="print JSON")
    audit.set_defaults(handler=_audit)
    for p in (add, listing, key, audit, *(actions.choices[n] for n in ("disable", "enable"))):
        p.add_argument("--db", default=DEFAULT_DB, help=f"the service's database URL (default {DEFAULT_DB})")


def store(args: argparse.Namespace) -> Store:
    from mt.service.store import Store

    return Store(args.db)


def actor() -> str:
    return f"cli:{getpass.getuser()}"[:64]


def _add(args: argparse.Namespace, translator: Loaded) -> int:
    name, role = check_name(args.name), check_role(args.role)
    password_hash = None if args.no_password else hash_password(_password(args), name)
    store(args).add_user(name, role, password_hash, actor())
    print(f"mt: added {name} ({role}){'' if password_hash else '; no password: give it a key with mt users key'}")
    return EXIT_OK


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise AccountError("no terminal to ask for a password: give --password-stdin or --no-password")
    password = getpass.getpass("password: ")
    if getpass.getpass("again: ") != password:
        raise AccountError("the two passwords differ")
    return password


def _list(args: argparse.Namespace, translator: Loaded) -> int:
    rows = store(args).users()
    if args.json:
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    print(f"{'name':<24} {'role':<9} {'state':<9} {'keys':>4}  created")
    for r in rows:
        state = "disabled" if r["disabled"] else "active"
        print(f"{r['name']:<24} {r['role']:<9} {state:<9} {r['keys']:>4}  {r['created'][:16]}")
    return EXIT_OK


def _disable(args: argparse.Namespace, translator: Loaded) -> int:
    store(args).set_disabled(args.name, True, actor())
    print(f"mt: disabled {args.name}")
    return EXIT_OK


def _enable(args: argparse.Namespace, translator: Loaded) -> int:
    store(args).set_disabled(args.name, False, actor())
    print(f"mt: enabled {args.name}")
    return EXIT_OK


def _key(args: argparse.Namespace, translator: Loaded) -> int:
    key, prefix, secret_hash = new_api_key()
    store(args).add_api_key(args.name, prefix, secret_hash, args.label, actor())
    print(key)
    print(f"mt: a new key for {args.name}; it is shown only now (the database keeps a hash)", file=sys.stderr)
    return EXIT_OK


def _audit(args: argparse.Namespace, translator: Loaded) -> int:
    lines = store(args).history(max(1, args.limit), args.user)
    if args.json:
        print(json.dumps(lines, indent=2, ensure_ascii=False))
        return EXIT_OK
    for line in lines:
        detail = ", ".join(f"{k}={v}" for k, v in line["detail"].items())
        print(f"{line['at'][:19]}  {line['actor']:<16} {line['action']:<15} {line['target']:<20} {detail}")
    return EXIT_OK
