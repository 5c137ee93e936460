"""The first run: the first council and its admin, made together while nobody can sign in."""

from specifier.accounts import users
from specifier.councils import councils
from specifier.db import write_transaction


class AlreadyDone(Exception):
    """Someone else finished the first run first: there is an account now."""


def create_first_council(db, answers):
    """Create the first council and its admin; return (council record, council id, user id).

    `answers` has council_name, nation, email, password and name. Raises Invalid for a council
    the rules refuse, and AlreadyDone when another first run finished in the meantime.
    """
    record = councils.clean(
        {
            "name": answers["council_name"],
            "nation": answers["nation"],
            "slug": councils.make_slug(answers["council_name"], councils.slugs(db)),
        }
    )
    password_hash = users.hash_password(answers["password"])
    with write_transaction(db):
        if users.count(db) > 0:
            raise AlreadyDone
        council_id = councils.create(db, record)
        user_id = users.create(db, answers["email"], password_hash, answers["name"])
        users.grant(db, user_id, council_id, "admin")
    return record, council_id, user_id
