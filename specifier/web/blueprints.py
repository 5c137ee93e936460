"""Blueprint helpers: every council page lives under /<council_slug>/; CSV downloads."""

from flask import Blueprint, Response, g

from specifier.web.access import enter_council


def council_blueprint(name, import_name, prefix="", min_role="viewer"):
    """Return a blueprint whose routes load the council in the URL for one of its members.

    Signed-out visitors are sent to sign in; a council the person does not belong to (or that
    does not exist) answers 404; a viewer's change, or a page above `min_role`, answers 403.
    """
    bp = Blueprint(name, import_name, url_prefix=f"/<council_slug>{prefix}")

    @bp.url_value_preprocessor
    def load_council(_endpoint, values):
        enter_council(values.pop("council_slug"), min_role)

    @bp.url_defaults
    def add_council(_endpoint, values):
        if "council_slug" not in values and g.get("council"):
            values["council_slug"] = g.council["slug"]

    return bp


def csv_download(body, name):
    """A CSV download named after the council; a byte-order mark first, so Excel reads UTF-8.

    Without it Excel shows "£" as "Â£". Every importer here reads the mark and drops it.
    """
    filename = f"{g.council['slug']}-{name}.csv"
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
