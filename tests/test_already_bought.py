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
