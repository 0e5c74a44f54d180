"""dashboard/charts/releases.py: each row says the date it is for and the date of its report."""

from __future__ import annotations

from chartsupport import flat, row_labels

from dashboard.conventions import datefmt, theme


def test_rows_give_the_date_for_and_the_report_date(built, frames):
    chart = built["releases"]
    assert "each row gives the report date" not in flat(chart.figure.layout.title.subtitle.text)
    labels = " ".join(row_labels(chart.figure))
    src = frames.sources.set_index("id")
    for _, r in chart.data.iterrows():
        assert f"for {r['as_of']}" in labels  # number_table's as_of: the window at its precision
        assert f"per {theme.in_sentence(r['claimant'])}" in labels
    for ids in frames.figures.set_index("id").loc[list(chart.data["id"]), "source_ids"]:
        latest = src.loc[ids].sort_values(["published_end", "published_start"]).iloc[-1]
        assert f"reported {datefmt.format_row(latest, 'published')}" in labels
