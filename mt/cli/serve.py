"""``mt serve``: the HTTP API and the review pages."""

from __future__ import annotations

import argparse
import sys

from mt.cli.common import EXIT_OK, Commands, Loaded, UsageError, command, engine_options, positive, translator_spec

DESCRIPTION = (
    "Serve the review pages (http://HOST:PORT/) and the API (OpenAPI docs at /docs):\n"
    "POST /v1/translate, /v1/check, /v1/fix, /v1/evaluate, /v1/jobs; GET /v1/jobs/ID, /health;\n"
    "documents, decisions, rules, terms and the memory under /v1/...; LibreTranslate's\n"
    "/translate, /detect and /languages. Everything but /health, /languages and /docs needs an account\n"
    "(mt users add) or an API key (mt users key). On a local address mt serve also prints a\n"
    "sign-in link with a secret token: one command for one person on their own machine.\n"
    "Accounts, decisions, rules, jobs and the history are stored in --db."
)

EXAMPLES = (
    "examples:\n"
    "  mt serve                                   # local: open the printed sign-in link\n"
    "  mt users add anna --role admin && mt serve --host 10.0.0.5 --allowed-host mt.newsroom.example\n"
    "  mt serve --forwarded-allow-ips 127.0.0.1 --allowed-host mt.newsroom.example\n"
    "                                             # behind a TLS proxy on this machine\n\n"
    "X-Forwarded-For and X-Forwarded-Proto are believed only from --forwarded-allow-ips: then the\n"
    "client's address (for the sign-in limits) is the proxy's word, and over HTTPS the cookie is Secure."
)


LIMITS = [  # option, default, metavar, help: the bounds every request is held to
    ("--max-body-bytes", 2_000_000, "N", "largest request body (default 2 MB)"),
    ("--max-document-chars", 100_000, "N", "longest document (default 100,000)"),
    ("--time-budget", 60, "S", "seconds one request may take (default 60)"),
    ("--rate", 600, "N", "requests per minute per user or key (default 600)"),
    ("--concurrency", 8, "N", "requests at once per user or key (default 8)"),
    ("--max-in-flight", 64, "N", "requests in work at once, all users (64)"),
]


def add_serve(commands: Commands) -> None:
    p = command(
        commands,
        "serve",
        "run the HTTP API and the review pages for editors",
        DESCRIPTION,
        EXAMPLES,
        parents=[engine_options()],
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--allowed-host",
        action="append",
        metavar="NAME",
        help="a host name clients use to reach the service (repeatable); requests naming any other Host are "
        "refused. Default: localhost, 127.0.0.1 and ::1 for a local address, else the --host address",
    )
    p.add_argument("--port", type=positive, default=8000, help="port (default 8000)")
    p.add_argument(
        "--db",
        default="sqlite:///mt-review.sqlite",
        help="SQLAlchemy database URL (default sqlite:///mt-review.sqlite in the current folder)",
    )
    for option, default, metavar, text in LIMITS:
        p.add_argument(option, type=positive, default=default, metavar=metavar, help=text)
    p.add_argument("--no-token", action="store_true", help="print no sign-in token on a local start: accounts only")
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let the pages of this site (https://translate.example.org; * for any) call LibreTranslate's routes "
        "(/translate, /detect, /languages, /frontend/settings) with an API key, as LibreTranslate's web page and "
        "browser plug-ins do (repeatable; default: no site)",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="comma-separated addresses of the proxies whose X-Forwarded-For/-Proto headers are believed "
        "(default: none; any client could send them)",
    )
    p.add_argument(
        "--allow-self-review",
        action="store_true",
        help="let a reviewer approve their own proposals (rules, terms, memory entries); by default four eyes: "
        "another reviewer approves them",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="close a connection whose request headers take longer (default 10)",
    )
    p.add_argument(
        "--body-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="refuse (408) a request body that stops arriving this long, or takes six times as long in all (default 10)",
    )
    p.add_argument(
        "--max-connections-per-client",
        type=positive,
        default=128,
        metavar="N",
        help="open connections one client address may hold (default 128; the --forwarded-allow-ips proxies are not "
        "counted)",
    )
    p.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace, translator: Loaded) -> int:
    import secrets

    from mt.service.app import Limits, create_app, redact
    from mt.service.store import Store

    local = {"127.0.0.1", "localhost", "::1"}
    if args.allowed_host:
        hosts = args.allowed_host
    elif args.host in local:
        hosts = sorted(local)
    elif args.host in ("0.0.0.0", "::"):
        raise UsageError(f"--host {args.host} listens on every address: name the hosts clients use with --allowed-host")
    else:
        hosts = [args.host]
    token = secrets.token_urlsafe(24) if args.host in local and not args.no_token else None
    if token is None and not Store(args.db).has_users():
        raise UsageError(
            "nobody could sign in: add an account first (mt users add NAME --role admin --db ...), "
            "or serve on 127.0.0.1 to get a sign-in link"
        )
    spec = translator_spec(args)
    limits = Limits(
        max_body_bytes=args.max_body_bytes,
        max_document_chars=args.max_document_chars,
        time_budget_s=args.time_budget,
        requests_per_minute=args.rate,
        concurrent_per_user=args.concurrency,
        max_in_flight=args.max_in_flight,
        header_timeout_s=args.header_timeout,
        body_idle_s=args.body_timeout,
        body_total_s=6 * args.body_timeout,
        max_connections_per_client=args.max_connections_per_client,
    )
    app = create_app(
        translator or spec(),
        args.db,
        limits,
        allowed_hosts=hosts,
        login_token=token,
        cors_origins=args.cors_origin,
        self_review=args.allow_self_review,
    )
    print(
        f"mt: serving {app.state.translator.name} on http://{args.host}:{args.port}/ (API docs at /docs), "
        f"database {redact(args.db)}",
        file=sys.stderr,
    )
    if token is not None:
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"mt: sign in at http://{host}:{args.port}/login?token={token}", file=sys.stderr)
        print(
            "mt: (programs may send the token as Authorization: Bearer TOKEN until the server stops)", file=sys.stderr
        )
    import uvicorn

    from mt.service.connections import protocol

    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        http=protocol(
            limits.header_timeout_s,
            limits.max_connections_per_client,
            frozenset(ip.strip() for ip in (args.forwarded_allow_ips or "").split(",") if ip.strip()),
        ),
        proxy_headers=args.forwarded_allow_ips is not None,
        forwarded_allow_ips=args.forwarded_allow_ips or "",
    )
    return EXIT_OK
