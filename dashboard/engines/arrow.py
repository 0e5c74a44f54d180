"""Arrow helpers of the DuckDB source: results to pandas, stand-in columns, the folding function for SQL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa


# what figure_mask and the most-recent ranking read: kept on the stand-in rows of _figure_rows
FIGURE_NARROW = ["metric", "theatre", "as_of_start", "as_of_end", "source_ids", "derived", "claimant_id", "claimant_key"]


def _with_stand_ins(cand: pd.DataFrame, templates: list[int], counts: list[int], earliest) -> pd.DataFrame:
    """`cand` preceded by counts[i] copies of row templates[i] that keep only FIGURE_NARROW (dated at
    `earliest` = (as_of_start, as_of_end)). Text columns become Categoricals, so a few hundred thousand
    stand-ins cost a few bytes each; filters._take turns the rows a chart keeps back into str."""
    n_extra = int(sum(counts))
    idx = np.concatenate([np.repeat(np.asarray(templates, dtype=np.int64), counts), np.arange(len(cand))])
    out = {}
    for c in cand.columns:
        col = cand[c]
        keep = c in FIGURE_NARROW
        if c in ("as_of_start", "as_of_end"):
            values = col.to_numpy()[idx]
            values[:n_extra] = np.datetime64(pd.Timestamp(earliest[0 if c == "as_of_start" else 1]))
            out[c] = pd.Series(values, dtype=col.dtype)
        elif c == "source_ids" or pd.api.types.is_bool_dtype(col):
            out[c] = pd.Series(col.to_numpy(dtype=object if c == "source_ids" else bool)[idx])
        elif pd.api.types.is_numeric_dtype(col):
            values = col.to_numpy(dtype=np.float64)[idx]
            values[:n_extra] = np.nan
            out[c] = pd.Series(values)
        else:
            codes, uniques = pd.factorize(col)
            codes = codes[idx] if keep else np.concatenate([np.full(n_extra, -1), codes])
            out[c] = pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))
    return pd.DataFrame(out)


def _to_pandas(table: pa.Table, list_columns, datetimes: dict[str, str]) -> pd.DataFrame:
    """An Arrow result as the frame build_frames would have made (list cells as shared Python lists,
    datetime64[s])."""
    from dashboard.engines.cache import _lists

    names = table.column_names
    lists = {c: _lists(table.column(c)) for c in list_columns if c in names}
    df = table.drop_columns(list(lists)).to_pandas(self_destruct=True)
    for c, dtype in datetimes.items():
        if c in df.columns and str(df[c].dtype) != dtype:
            df[c] = df[c].astype(dtype)
    for c in [c for c in names if c in lists]:
        df.insert(names.index(c), c, lists.pop(c))
    return df


def pq_columns(path: Path) -> list[str]:
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def _fold_arrow(col):
    """DuckDB's `fold_text`: search.fold over an Arrow batch (distinct values are folded once, see search.fold)."""
    import pyarrow as pa

    from dashboard.conventions.fold import fold

    return pa.array([fold(v) for v in col.to_pylist()], type=pa.string())
