"""The coding desk in headless Chromium: recode two records of a re-added article 004, cite a sentence in one of
them, and screenshots."""

from __future__ import annotations

from authoring_support import written
from dashboard.cli import main
from dashboard.dataset.loader import load_dataset

SOURCE = "opinion-truce-day-23"


def _pick(browse, combo, text: str, typed: str | None) -> None:
    combo.click()
    combo.fill(typed or text)
    browse.page.get_by_role("option").filter(has_text=text).first.click()
    browse.wait_ready()


def _choose(browse, label: str, text: str, typed: str | None = None) -> None:
    """Streamlit's selectbox is a combobox named by its label: type to filter, click the option."""
    _pick(browse, browse.page.get_by_role("combobox", name=label, exact=True), text, typed)


def _type(browse, label: str, value: str, area: bool = False) -> None:
    field = browse.page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Control+Enter" if area else "Enter")
    browse.wait_ready()


def _multi(browse, label: str, values: list[str]) -> None:
    for v in values:
        _pick(browse, browse.page.get_by_role("combobox", name=label, exact=True), v, None)
    browse.page.keyboard.press("Escape")


def _saved(browse, what: str, button: str = "Save to the article file") -> None:
    browse.page.get_by_text("No problem: the dataset validates with this change.").wait_for()
    browse.page.get_by_role("button", name=button).click()
    browse.page.get_by_text(what).wait_for(timeout=60_000)
    browse.wait_ready()


def test_recode_two_records_in_the_browser(desk_server, desk_project, browse):
    page = browse.page
    page.set_viewport_size({"width": 1440, "height": 900})
    browse.visit(f"{desk_server.url}/desk")
    browse.assert_clean()
    assert page.locator("h1").first.inner_text().strip() == "Coding desk"
    # it opens on the newest source: the one add-source just added
    box = page.locator('[data-testid="stSelectbox"]').first  # the value is text or an input's value, by version
    shown = box.inner_text() + " ".join(box.locator("input").evaluate_all("els => els.map(e => e.value)")) + \
        " ".join(box.locator("[value]").evaluate_all("els => els.map(e => e.getAttribute('value'))"))
    assert SOURCE in shown, shown
    _choose(browse, "Sentence to code (uncovered first)", "This coming Saturday, three living hostages")
    _choose(browse, "Date rules propose", "2025-02-15 (weekday_next", typed="2025-02-15")
    _type(browse, "id", "hostage-release-three-living-2025-02-15")
    _choose(browse, "status", "expected")
    _choose(browse, "event type", "hostage_release")
    _multi(browse, "actors (optional)", ["hamas", "israeli-hostages"])
    _type(browse, "summary", "Three living hostages expected to be released by Hamas.", area=True)
    page.viewport_size and page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(browse.screenshot("desk-event-1440").parent / "desk-event-1440x900.png"))
    _saved(browse, "Saved event 'hostage-release-three-living-2025-02-15'")
    browse.assert_clean()

    page.get_by_text("Comparison", exact=True).click()
    browse.wait_ready()
    _choose(browse, "Sentence to code (uncovered first)", "Israel now has the opportunity to press its advantage",
            typed="Israel now has")
    _type(browse, "id", "gaza-freedom-of-action-press-advantage-essay")
    _choose(browse, "dimension", "freedom_of_action")
    _type(browse, "summary", "The author argues that Israel should keep up pressure on Hamas in Gaza.", area=True)
    _choose(browse, "claimant", "author")
    _saved(browse, "Saved comparison 'gaza-freedom-of-action-press-advantage-essay'")
    browse.assert_clean()

    # one real-world event, one record: another sentence of the article added to the event saved above
    page.get_by_text("Cite in an existing record", exact=True).click()
    browse.wait_ready()
    _choose(browse, "Sentence to code (uncovered first)", "Trump’s statement earlier this week", typed="Trump")
    _choose(browse, "Record", "hostage-release-three-living-2025-02-15", typed="hostage-release-three")
    article = written(desk_project)[1]
    _saved(browse, "Added a citation to event 'hostage-release-three-living-2025-02-15'",
           button=f"Add the citation to {article.name}")
    browse.assert_clean()

    ds = load_dataset(desk_project)
    assert ds.by_id("events")["hostage-release-three-living-2025-02-15"].when.date == "2025-02-15"
    assert ds.by_id("comparisons")["gaza-freedom-of-action-press-advantage-essay"].claimant == "author"
    cited = [c.quote for c in ds.by_id("events")["hostage-release-three-living-2025-02-15"].citations]
    assert len(cited) == 2 and "Trump’s statement earlier this week" in cited[1]
    text = written(desk_project)[1].read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/datafile.schema.json\n# Article 004")
    assert "# CANDIDATE LIST" in text
    assert main(["--data", str(desk_project), "validate"]) == 0


def test_desk_on_a_phone(desk_server, browse):
    page = browse.page
    page.set_viewport_size({"width": 390, "height": 844})
    browse.visit(f"{desk_server.url}/desk")
    _choose(browse, "Source (the newest added first)", SOURCE)
    _choose(browse, "Sentence to code (uncovered first)", "Trump’s statement earlier this week", typed="Trump")
    browse.assert_clean()
    page.screenshot(path=str(browse.screenshot("desk-phone").parent / "desk-390x844.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})
