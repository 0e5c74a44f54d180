"""The Sources page on a phone: the article comes before the list of records coded from it."""

from __future__ import annotations

import pytest

from browser_support import wait_for_run
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset

RECORD_LINK = ('[data-testid="stPageLink"] a[href*="event?id="], [data-testid="stPageLink"] a[href*="figure?id="], '
               '[data-testid="stPageLink"] a[href*="comparison?id="], [data-testid="stPageLink"] a[href*="phase?id="]')


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(ROOT / "data", root=ROOT))


def test_on_a_phone_the_article_comes_before_its_records(app_server, browser, frames):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        sid = frames.citations["source_id"].value_counts().index[0]  # the article with the most coded records
        page.goto(f"{app_server.url}/sources?id={sid}")
        wait_for_run(page)
        article = page.get_by_text("Highlighted: coded passages").first.bounding_box()
        first_record = page.locator(RECORD_LINK).first.bounding_box()
        assert article and first_record
        assert article["y"] < first_record["y"], (article, first_record)
        assert article["y"] < 844 * 1.5, "the article starts within the first screen and a half"
    finally:
        ctx.close()
