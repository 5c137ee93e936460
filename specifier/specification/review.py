"""What the review pages show beside a document: its checks and the readability of its clauses."""

from specifier.specification import checks, readability


def review(doc):
    """Return the checks and readability scores the review pages show for a built document."""
    whole, each = readability.for_document(doc) if doc.included else (None, {})
    return {
        "findings": checks.run(doc),
        "readability": whole,
        "clause_scores": each,
        "plainer": readability.alternatives(doc, each) if doc.included else {},
        "target": readability.TARGET,
    }
