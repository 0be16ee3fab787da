"""Accounts, API keys, sessions and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, func, insert, select, update

from mt.service.rows import AuditRow, KeyOwner, SessionOwner, UserListing, UserRow
from mt.service.store.database import StoreError, Tables, audit_line, insert_row, now
from mt.service.store.schema import api_keys, audit, sessions, users


class AccountsStore(Tables):
    """Accounts, their keys and sessions, and the audit trail."""

    def add_user(self, name: str, role: str, password_hash: str | None, actor: str) -> int:
        with self.engine.begin() as c:
            if c.execute(select(users.c.id).where(users.c.name == name)).first() is not None:
                raise StoreError(f"there is already a user {name!r}")
            user_id = insert_row(
                c, users, name=name, role=role, password_hash=password_hash, disabled=False, created=now()
            )
            audit_line(c, actor, "user.add", f"user {name}", role=role, password=password_hash is not None)
        return user_id

    def user(self, name: str) -> UserRow | None:
        return cast("UserRow | None", self.one(select(users).where(users.c.name == name)))

    def users(self) -> list[UserListing]:
        """Every account with its number of API keys (no hashes)."""
        keys = select(func.count()).where(api_keys.c.user_id == users.c.id).scalar_subquery()
        query = select(users.c.name, users.c.role, users.c.disabled, users.c.created, keys.label("keys"))
        return cast("list[UserListing]", self.every(query.order_by(users.c.id)))

    def has_users(self) -> bool:
        with self.engine.connect() as c:
            return c.execute(select(users.c.id).where(users.c.disabled.is_(False)).limit(1)).first() is not None

    def set_disabled(self, name: str, disabled: bool, actor: str) -> None:
        """Disable (or enable again) an account: its password, keys and sessions stop working at once."""
        with self.engine.begin() as c:
            found = c.execute(update(users).where(users.c.name == name).values(disabled=disabled)).rowcount
            if not found:
                raise StoreError(f"there is no user {name!r}")
            if disabled:
                user_id = select(users.c.id).where(users.c.name == name).scalar_subquery()
                c.execute(delete(sessions).where(sessions.c.user_id == user_id))
            audit_line(c, actor, "user.disable" if disabled else "user.enable", f"user {name}")

    def add_api_key(self, name: str, prefix: str, secret_hash: str, label: str, actor: str) -> None:
        with self.engine.begin() as c:
            user_id = c.execute(select(users.c.id).where(users.c.name == name)).scalar()
            if user_id is None:
                raise StoreError(f"there is no user {name!r}")
            c.execute(
                insert(api_keys).values(
                    prefix=prefix, user_id=user_id, secret_hash=secret_hash, label=label, created=now()
                )
            )
            audit_line(c, actor, "key.add", f"user {name}", prefix=prefix, label=label)

    def api_key(self, prefix: str) -> KeyOwner | None:
        """The key with this prefix and its user's name, role and state."""
        query = (
            select(api_keys.c.secret_hash, users.c.name, users.c.role, users.c.disabled)
            .join(users, users.c.id == api_keys.c.user_id)
            .where(api_keys.c.prefix == prefix)
        )
        return cast("KeyOwner | None", self.one(query))

    def add_session(self, name: str, token_hash: str, csrf: str, expires: datetime) -> None:
        with self.engine.begin() as c:
            user_id = c.execute(select(users.c.id).where(users.c.name == name)).scalar_one()
            c.execute(delete(sessions).where(sessions.c.expires < now()))  # expired sessions go as new ones come
            c.execute(
                insert(sessions).values(
                    token_hash=token_hash, user_id=user_id, csrf=csrf, created=now(), expires=expires
                )
            )
            audit_line(c, name, "login", f"user {name}")

    def session(self, token_hash: str) -> SessionOwner | None:
        """An unexpired session with its user's name, role and state."""
        query = (
            select(sessions.c.csrf, sessions.c.expires, users.c.name, users.c.role, users.c.disabled)
            .join(users, users.c.id == sessions.c.user_id)
            .where(sessions.c.token_hash == token_hash)
        )
        found = cast("SessionOwner | None", self.one(query))
        return found if found is not None and datetime.fromisoformat(found["expires"]) > now() else None

    def end_session(self, token_hash: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    # -- the audit trail ---------------------------------------------------------------------

    def record(self, actor: str, action: str, target: str, **detail: Any) -> None:
        """An audit line for something that changes nothing in the database (a refused login, say)."""
        with self.engine.begin() as c:
            audit_line(c, actor, action, target, **detail)

    def history(self, limit: int = 100, actor: str | None = None) -> list[AuditRow]:
        """The newest ``limit`` lines of the audit trail, newest first; only ``actor``'s if given."""
        query = select(audit).order_by(audit.c.id.desc()).limit(limit)
        if actor is not None:
            query = query.where(audit.c.actor == actor)
        return cast("list[AuditRow]", self.every(query))
