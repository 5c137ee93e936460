"""Who may see and change what: sign-in, council membership and roles, enforced in one place.

Every request passes `check_request` (a before_request) and every council page passes
`enter_council` (from `council_blueprint`'s url_value_preprocessor), so a route added later
is covered without doing anything. Only the endpoints in PUBLIC answer a signed-out visitor.
"""

from flask import abort, g, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user

from specifier import audit
from specifier.accounts import users
from specifier.councils import councils
from specifier.councils.councils import get_by_slug
from specifier.web.db import get_db

# Pages that never look at who is signed in, so a session is not even checked for them.
SESSION_FREE = frozenset({"static", "auth.sign_in", "auth.first_run", "health.healthz"})
# An invitation link is opened by someone with no account yet, or signed in to accept it.
PUBLIC = SESSION_FREE | {"invitations.accept"}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Changes outside a council that any signed-in person may make; every other change outside a
# council (such as creating another council) needs an admin role in some council.
SIGNED_IN_ACTIONS = frozenset({"auth.sign_out", "auth.change_password", "invitations.respond"})

login_manager = LoginManager()
login_manager.session_protection = "basic"


class User(UserMixin):
    """A signed-in person and their role in each council."""

    def __init__(self, row, memberships):
        self.id = row["id"]
        self.email = row["email"]
        self.name = row["name"]
        self.memberships = memberships
        self.password_temporary = bool(row.get("password_temporary"))

    def role_in(self, council_id):
        """Return the person's role in a council, or None when they are not a member."""
        return self.memberships.get(council_id)

    @property
    def is_admin_anywhere(self):
        return "admin" in self.memberships.values()

    def as_actor(self):
        return {"id": self.id, "email": self.email}


@login_manager.user_loader
def load_user(user_id):
    db = get_db()
    try:
        row = users.get(db, int(user_id))
    except ValueError:
        return None
    return User(row, users.memberships(db, row["id"])) if row else None


def sign_in_redirect():
    """Send a signed-out visitor to sign in (or to the first run when nobody can sign in yet)."""
    if users.count(get_db()) == 0:
        return redirect(url_for("auth.first_run"))
    target = request.full_path if request.method in SAFE_METHODS else request.path
    return redirect(url_for("auth.sign_in", next=target.rstrip("?")))


# Pages that take changes but are also the place to read something, so viewers see them.
READABLE_FORMS = frozenset({"procurements.specification", "procurements.clause"})


def enter_council(slug, min_role="viewer"):
    """Load the council in the URL for one of its members, or stop: sign in, 404 or 403.

    A council the person does not belong to answers 404, exactly like one that does not exist,
    so addresses reveal nothing. A viewer's change, or a page above the person's role, is 403.
    """
    if not current_user.is_authenticated:
        abort(sign_in_redirect())
    council = get_by_slug(get_db(), slug) if slug else None
    role = current_user.role_in(council["id"]) if council else None
    if role is None:
        abort(404)
    g.council, g.role = council, role
    if role == "viewer" and (
        request.method not in SAFE_METHODS
        or ("POST" in request.url_rule.methods and request.endpoint not in READABLE_FORMS)
    ):
        abort(403)  # a viewer may read, and a page that is only a form to change things is not
    if users.RANK[role] < users.RANK[min_role]:
        abort(403)
    return council


def check_request():
    """Let public endpoints through; everything else needs a signed-in member with the role."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC:
        return None
    if not current_user.is_authenticated:
        return sign_in_redirect()
    if "council_slug" in request.url_rule.arguments:
        if g.get("council") is None:  # a council route not built with council_blueprint
            enter_council(request.view_args.get("council_slug"))
        return None
    if request.method not in SAFE_METHODS:
        if endpoint not in SIGNED_IN_ACTIONS and not current_user.is_admin_anywhere:
            abort(403)
        g.created_councils = councils.watch_created()
    return None


def note(entity, entity_id, action, summary="", council_id=None):
    """Record a change for the audit log, written when the request finishes."""
    if council_id is None and g.get("council"):
        council_id = g.council["id"]
    g.setdefault("audit_notes", []).append((council_id, entity, entity_id, action, summary))


def nothing_changed():
    """Say this request changed nothing, so it leaves no audit entry at all."""
    g.nothing_changed = True


def _grant_creator(response):
    """Make the person who created a council (through any page) its admin."""
    created = g.pop("created_councils", None)
    if created and current_user.is_authenticated:
        db = get_db()
        for council_id in created:
            users.grant(db, current_user.id, council_id, "admin")
            note("member", current_user.id, "added as admin", current_user.email, council_id)
    return response


def _write_audit(response):
    """Write the request's audit notes; a change with none gets a generic entry."""
    notes = g.pop("audit_notes", [])
    if request.method in SAFE_METHODS or not current_user.is_authenticated:
        return response
    if not notes and g.pop("nothing_changed", False):
        return response
    if not notes and 300 <= response.status_code < 400 and request.endpoint:
        ids = [str(v) for k, v in (request.view_args or {}).items() if k != "council_slug"]
        council = g.get("council")
        notes = [
            (
                council["id"] if council else None,
                request.blueprint or "app",
                "/".join(ids),
                request.endpoint.rsplit(".", 1)[-1],
                f"{request.method} {request.path}",
            )
        ]
    db = get_db()
    for council_id, entity, entity_id, action, summary in notes:
        audit.record(
            db,
            council_id,
            current_user.as_actor(),
            entity,
            entity_id,
            action,
            summary,
            g.get("request_id", ""),
        )
    return response


def template_context():
    """What every page may ask about the signed-in person."""
    role = g.get("role")
    return {
        "role": role,
        "can_edit": role in ("commissioner", "admin"),
        "is_admin": role == "admin",
        "cspNonce": getattr(request, "csp_nonce", ""),
    }


def init_app(app):
    """Install sign-in and the checks; call before CSRF so a signed-out visitor is redirected."""
    login_manager.init_app(app)
    app.before_request(check_request)
    app.after_request(_write_audit)
    app.after_request(_grant_creator)  # after_request runs in reverse: this one first
    app.context_processor(template_context)
