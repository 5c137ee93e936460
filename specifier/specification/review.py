"""What the review pages show beside a document: its checks and the readability of its clauses."""

from specifier.specification import fit, readability


def review(doc, left_out=()):
    """Return the checks and readability scores the review pages show for a built document.

    `left_out` holds fit.Plan.notes: each outcome the bidder files leave out or replace, first.
    """
    whole, each = readability.for_document(doc) if doc.included else (None, {})
    return {
        "findings": fit.findings(doc, left_out),
        "readability": whole,
        "clause_scores": each,
        "plainer": readability.alternatives(doc, each) if doc.included else {},
        "target": readability.TARGET,
    }
