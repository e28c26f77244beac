"""The metadata an ingest run records: bounded in the number of documents (Dagster writes it once
per document partition), naming the first failed and quarantined documents and saying how many
more there are and where."""

import dagster as dg
import pytest

from orchestration.ingest.run_metadata import (
    NAMED_DOCUMENTS,
    WHERE_REJECTED,
    contract_check_description,
    contract_check_metadata,
    documents_run_metadata,
    figures_run_metadata,
    readable_check_metadata,
)


def _breach(document: int, figures: int) -> dict:
    return {"rule": "finite(value)", "figure_ids": [f"fig_{document:05d}_{i:05d}" for i in range(figures)],
            "examples": [{"figure_id": f"fig_{document:05d}_00000", "detail": "value is inf", "source_text": "产量为…"}]}


def _run(documents: int) -> dict:
    """Fake results of a run over `documents` documents: most landed, one in ten failed, one in
    ten quarantined (each breaking a rule with 30 figures)."""
    ids = [f"syn_{i:05d}" for i in range(documents)]
    failed = {doc: f"extractor raised ValueError: bad table in {doc}" for doc in ids[::10]}
    quarantined = {doc: [_breach(i, 30)] for i, doc in enumerate(ids[1::10])}
    counts = {doc: 40 + i % 17 for i, doc in enumerate(ids) if doc not in failed and doc not in quarantined}
    shown_figures = [{"figure_id": f"fig_{i}", "document_id": ids[0], "number_text": "2660.0"} for i in range(5)]
    shown_extractions = [{"document_id": doc, "figure_count": counts[doc]} for doc in list(counts)[:5]]
    rejected = {f"{doc}.txt": "not a text file" for doc in ids[2::10]}
    shown_documents = [{"document_id": doc, "file_name": f"{doc}.txt"} for doc in ids[:5]]
    pages = "\n".join
    return {
        **figures_run_metadata(counts, failed, quarantined, shown_figures, shown_extractions),
        **documents_run_metadata(len(ids) - len(rejected), shown_documents, rejected),
        "readable_check": readable_check_metadata(rejected, pages),
        "contract_check": contract_check_metadata(quarantined, pages),
        "contract_description": {"text": contract_check_description(len(counts), quarantined)},
    }


def _size(metadata: dict) -> int:
    return len(dg.serialize_value(metadata))


@pytest.mark.parametrize("part", ["figures", "extractions", "documents", "rejections", "readable_check", "contract_check",
                                  "contract_description"])
def test_the_metadata_of_a_run_does_not_grow_with_its_documents(part):
    small, large, larger = (_size(_run(n)[part]) for n in (200, 2000, 20000))
    # the counts gain digits, nothing else: a few bytes, not one entry per document
    assert large - small < 100 and larger - large < 100, (small, large, larger)


def test_the_first_failed_and_quarantined_documents_are_named_with_how_many_more_and_where():
    figures = _run(500)["figures"]
    assert figures["documents_failed"].value == 50 and figures["documents_quarantined"].value == 50
    assert list(figures["failed"].value) == [f"syn_{i:05d}" for i in range(0, 10 * NAMED_DOCUMENTS, 10)]
    assert list(figures["quarantined"].value) == [f"syn_{i:05d}" for i in range(1, 10 * NAMED_DOCUMENTS, 10)]
    assert figures["failed_note"].value == (
        f"50 document(s) failed at extraction: {NAMED_DOCUMENTS} named here and {50 - NAMED_DOCUMENTS} more; "
        f"every one with its reason in {WHERE_REJECTED}"
    )
    (breach,) = figures["quarantined"].value["syn_00001"]
    assert breach["rule"] == "finite(value)" and breach["figure_count"] == 30
    assert breach["figure_ids"] == [f"fig_00000_{i:05d}" for i in range(NAMED_DOCUMENTS)]
    assert figures["figures"].value == sum(40 + i % 17 for i in range(500) if i % 10 not in (0, 1))
    assert figures["documents_extracted"].value == 400
    summary = figures["figures_per_document"].value
    assert (summary["min"], summary["max"]) == (40, 56) and len(summary["most_figures"]) == NAMED_DOCUMENTS


def test_a_small_run_names_every_document_it_refused():
    run = _run(30)
    assert run["figures"]["failed"].value == {doc: f"extractor raised ValueError: bad table in {doc}"
                                              for doc in ("syn_00000", "syn_00010", "syn_00020")}
    assert "all named here" in run["figures"]["failed_note"].value
    assert set(run["readable_check"]["rejected"].value) == {"syn_00002.txt", "syn_00012.txt", "syn_00022.txt"}
    assert run["contract_description"]["text"] == "3 document(s) quarantined: syn_00001; syn_00011; syn_00021"
    assert run["contract_check"]["proofreading_pages"].value == "syn_00001\nsyn_00011\nsyn_00021"


def test_a_clean_run_records_counts_only():
    figures = figures_run_metadata({"a": 3}, {}, {}, [], [])["figures"]
    assert figures["documents_failed"].value == 0 and figures["documents_quarantined"].value == 0
    assert "failed" not in figures and "quarantined_note" not in figures
    assert contract_check_description(1, {}) == "the figures of all 1 extracted document(s) meet the contract"
