"""An outcome the contract's own mandatory terms already guarantee is not chosen: every
compliant tender meets it, so it cannot tell bidders apart (FINDINGS-14c D3)."""

from specifier.catalogue.files import builtin_measures
from specifier.specification import relevance

PLAY = {
    "title": "Play park equipment and surfacing",
    "description": "Design, supply and installation of play equipment at 14 parks. Equipment"
    " must carry at least a ten-year structural warranty, with spare parts available for the"
    " life of the equipment.",
    "category": "goods",
    "cpv_code": "37535200",
    "value_gbp": 780000,
    "duration_months": 24,
    "nation": "Northern Ireland",
}


def _repair():
    return next(
        m
        for m in builtin_measures()
        if "repair" in m["title"].lower() and "take-back" in m["title"].lower()
    )


def test_spare_parts_the_contract_requires_are_already_bought():
    scope = relevance.own_scope(PLAY, _repair())
    assert scope is not None and scope.kind == "output"
    assert "spare parts" in scope.because


def test_goods_without_such_terms_still_take_the_outcome():
    plain = PLAY | {"description": "Supply and installation of play equipment at 14 parks."}
    assert relevance.own_scope(plain, _repair()) is None


def _local_spend():
    from specifier.specification import proportionality

    return next(
        m
        for m in builtin_measures()
        if proportionality.family_for(m) and proportionality.family_for(m)["key"] == "local-spend"
    )


def test_a_goods_suppliers_local_spend_is_sized_from_what_it_can_buy_locally():
    """FINDINGS-14a A4: a distributor's stock is made by manufacturers elsewhere; its local
    spend minimum comes from delivery and services, and installation where the goods are
    installed, never from all it buys in."""
    from specifier.specification import proportionality

    measure = _local_spend()
    stock = PLAY | {
        "title": "Janitorial consumables",
        "description": "Supply and delivery of cleaning products, paper and sacks to 40 sites.",
        "cpv_code": "39830000",
        "value_gbp": 145000,
    }
    sized = proportionality.suggest(measure, stock)
    assert sized.minimum is None and sized.optional  # too small to fix: left to the bidder
    installed = proportionality.suggest(measure, PLAY)
    # At most a fifth of the installed part (0.40 of value), not of the goods bought in (0.80).
    assert 0 < installed.minimum <= PLAY["value_gbp"] * 0.40 * 0.20 + 1000
