"""A weighting the rules lower from the council's is the officer's decision (fourth review, D7).

The web app will not mark the specification final until the officer accepts the lower figure
(or sets one); a procurement file can carry the confirmation; bidders never see the council's
higher figure.
"""

import io

import docx
import lxml.html

from specifier.councils import councils
from specifier.specification import procurements, specifications

CONTRACT = {
    "title": "Tree survey of the cemeteries",
    "description": "A survey of the trees in three cemeteries, with a report.",
    "category": "services",
    "cpv_code": "77211400",
    "value_gbp": 60_000,
    "duration_months": 6,
    "nation": "England",
}
# A small study whose one outcome has no minimum: the rules cap the weighting at 5%.
FILE = """procurement:
  title: Tree survey of the cemeteries
  description: A survey of the trees in three cemeteries, with a report.
  category: services
  cpv_code: "77211400"
  value_gbp: 60000
  duration_months: 6
specification:
  force: yes
  outcomes: [ECO-05]
"""


def _lowered(db):
    council = councils.get_by_slug(db, "hatherdale")
    record = procurements.clean(CONTRACT, default_nation="England")
    pid = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("ECO-05", None)])
    settings = {"weighting_pct": None, "scoring_scale": "0-5", "status": "draft", "forced": 1}
    specifications.update_settings(db, council["id"], spec["id"], settings)
    return council, pid


def test_finalising_waits_until_the_officer_accepts_the_lowered_weighting(client, db):
    council, pid = _lowered(db)
    assert council["weighting_pct"] > 5
    page = client.get(f"/hatherdale/procurements/{pid}/specification").get_data(as_text=True)
    assert 'id="weighting-decision"' in page and "Accept 5%" in page
    final = f"/hatherdale/workspace/specifications/{pid}/final"
    refused = client.get(final).get_data(as_text=True)
    assert "cannot be final yet" in refused
    assert f"lower the council&#39;s {council['weighting_pct']:g}% to 5%" in refused
    client.post(final, data={})
    spec = specifications.for_procurement(db, council["id"], pid)
    assert spec["status"] == "draft"
    # The Accept button saves the lower figure as the officer's own weighting.
    [form] = lxml.html.fromstring(page).xpath('//*[@id="weighting-decision"]//form')
    accepted = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    assert accepted["weighting_pct"] == "5"
    client.post(form.get("action"), data=accepted)
    assert specifications.for_procurement(db, council["id"], pid)["weighting_pct"] == 5
    page = client.get(f"/hatherdale/procurements/{pid}/specification").get_data(as_text=True)
    assert 'id="weighting-decision"' not in page
    assert "lower the council" not in client.get(final).get_data(as_text=True)


def test_the_bidders_never_see_the_councils_higher_weighting(client, db):
    council, pid = _lowered(db)
    data = client.get(f"/hatherdale/procurements/{pid}/specification.docx").data
    word = docx.Document(io.BytesIO(data))
    said = "\n".join(
        [p.text for p in word.paragraphs]
        + [c.text for t in word.tables for r in t.rows for c in r.cells]
    )
    assert "5%" in said
    assert f"{council['weighting_pct']:g}%" not in said and "lowered" not in said


def test_a_procurement_file_can_carry_the_officers_confirmation(runner, tmp_path):
    path = tmp_path / "trees.yaml"
    args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
    out = ["--format", "html", "--output", str(tmp_path / "trees.html")]
    path.write_text(FILE)
    unconfirmed = runner.invoke(args=[*args, *out])
    assert unconfirmed.exit_code == 0, unconfirmed.output
    assert "Warning: Weighting: The weighting is lowered from the council's 15% to 5%" in (
        unconfirmed.output
    )
    assert "This is your decision" in unconfirmed.output
    assert "weighting_confirmed_pct: 5 under specification" in unconfirmed.output
    path.write_text(FILE + "  weighting_confirmed_pct: 5\n")
    confirmed = runner.invoke(args=[*args, *out])
    assert confirmed.exit_code == 0, confirmed.output
    assert "Warning: Weighting" not in confirmed.output
    # A confirmation of another figure does not carry over.
    path.write_text(FILE + "  weighting_confirmed_pct: 7.5\n")
    stale = runner.invoke(args=[*args, *out])
    assert "The 7.5% you confirmed is not the weighting now" in stale.output
