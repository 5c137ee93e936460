"""`flask generate-spec` from the example procurement files, as a commissioner runs it."""

import io
import json

import docx


def test_generate_word_html_and_ocds_from_the_example(app, runner, tmp_path):
    app.config["OCDS_PREFIX"] = "ocds-a1b2c3"  # as SPECIFIER_OCDS_PREFIX sets it
    example = "priorities/procurements/hatherdale-waste-collection.yaml"
    for fmt in ("docx", "html", "ocds"):
        out = tmp_path / f"spec.{fmt}"
        args = ["generate-spec", "--council", "hatherdale", "--procurement", example]
        result = runner.invoke(args=[*args, "--format", fmt, "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert "5 outcomes, 15% weighting" in result.output
    word = docx.Document(io.BytesIO((tmp_path / "spec.docx").read_bytes()))
    assert any(p.text == "6. Contract management" for p in word.paragraphs)
    assert "Household waste" in (tmp_path / "spec.html").read_text()
    release = json.loads((tmp_path / "spec.ocds").read_text())["releases"][0]
    assert len(release["tender"]["lots"]) == 2
    assert release["ocid"].startswith("ocds-a1b2c3-hatherdale-")


def test_below_threshold_needs_force_and_bad_files_are_rejected(runner, tmp_path):
    small = tmp_path / "small.yaml"
    small.write_text(
        "procurement:\n  title: Stationery\n  description: Pens and paper.\n"
        "  category: goods\n  value_gbp: 20000\n  duration_months: 12\n"
        "specification:\n  outcomes: [ECO-05]\n"
    )
    out = tmp_path / "out.html"
    args = ["generate-spec", "--council", "hatherdale", "--procurement", str(small)]
    result = runner.invoke(args=[*args, "--format", "html", "--output", str(out)])
    assert result.exit_code == 1 and "Use --force" in result.output
    result = runner.invoke(args=[*args, "--format", "html", "--output", str(out), "--force"])
    assert result.exit_code == 0 and out.exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("procurement:\n  title: X\n  category: food\n")
    result = runner.invoke(
        args=[
            "generate-spec",
            "--council",
            "hatherdale",
            "--procurement",
            str(bad),
            "--format",
            "docx",
            "--output",
            str(out),
        ]
    )
    assert result.exit_code == 1
    assert "bad.yaml, procurement, category: Select whether" in result.output


def test_a_procurement_file_minimum_of_zero_or_infinity_is_rejected(runner, tmp_path):
    out = tmp_path / "out.html"
    for bad, message in (("0", "must be more than 0"), (".inf", "must be a number")):
        path = tmp_path / "zero.yaml"
        path.write_text(
            "procurement:\n  title: Cleaning\n  description: Cleaning offices.\n"
            "  category: services\n  value_gbp: 900000\n  duration_months: 24\n"
            f"specification:\n  outcomes:\n    - measure: JOB-01\n      minimum: {bad}\n"
        )
        args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
        result = runner.invoke(args=[*args, "--format", "html", "--output", str(out)])
        assert result.exit_code == 1, result.output
        assert f"zero.yaml, specification, outcome 1, minimum {message}" in result.output


def test_a_procurement_file_gives_lots_as_titles_or_with_their_values(runner, tmp_path):
    path = tmp_path / "lots.yaml"
    contract = (
        "procurement:\n  title: Cleaning\n  description: Cleaning offices.\n"
        "  category: services\n  value_gbp: 900000\n  duration_months: 24\n  lots:\n"
    )
    out = tmp_path / "out.ocds"
    args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
    path.write_text(contract + "    - {title: Offices, value_gbp: 600000}\n    - Depots\n")
    result = runner.invoke(args=[*args, "--format", "ocds", "--output", str(out)])
    assert result.exit_code == 0, result.output
    lots = json.loads(out.read_text())["releases"][0]["tender"]["lots"]
    assert lots[0]["value"] == {"amount": 600_000, "currency": "GBP"}
    assert lots[1]["title"] == "Depots" and "value" not in lots[1]
    path.write_text(
        contract
        + "    - {title: Offices, value_gbp: £600k}\n    - {title: Depots, value_gbp: £1m}\n"
    )
    result = runner.invoke(args=[*args, "--format", "ocds", "--output", str(out)])
    assert result.exit_code == 1
    assert "lots.yaml, procurement, lots: The lots' values add up to £1,600,000" in result.output


def test_a_procurement_file_may_name_no_more_outcomes_than_the_councils_policy(runner, tmp_path):
    """Hatherdale's policy is at most 5 outcomes per tender: a file cannot prescribe 6."""
    codes = ["JOB-01", "SKL-01", "FWK-01", "ECO-05", "ECO-06", "COM-13"]
    path = tmp_path / "many.yaml"
    out = tmp_path / "out.html"
    args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
    for count in (6, 5):
        path.write_text(
            "procurement:\n  title: Cleaning\n  description: Cleaning offices.\n"
            "  category: services\n  value_gbp: 900000\n  duration_months: 24\n"
            f"specification:\n  outcomes: [{', '.join(codes[:count])}]\n"
        )
        result = runner.invoke(args=[*args, "--format", "html", "--output", str(out)])
        if count == 6:
            assert result.exit_code == 1 and not out.exists()
            assert (
                "many.yaml, specification, outcomes: a list of at most 5, the most Hatherdale"
                in result.output
            )
    assert result.exit_code == 0, result.output
    assert "(5 outcomes" in result.output and out.exists()
