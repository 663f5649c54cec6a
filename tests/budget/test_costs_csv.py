"""Reading the accounting export of actual costs (``coworking/budget/costs_csv.py``) on plain
text: no Flask, no database. The import use case (``budget.costs``) stores what this returns;
tests/budget/test_budget.py checks it end to end."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coworking import errors
from coworking.budget.costs_csv import MAX_IMPORT_ROWS, category, parse_costs

D = Decimal


def refused(text: str, slug: str = "canal", closed=()) -> errors.ValidationFailed:
    with pytest.raises(errors.ValidationFailed) as info:
        parse_costs(text, slug, closed)
    assert info.value.extra["field"] == "file"
    return info.value


def test_rows_of_the_same_month_and_category_add_up():
    read = parse_costs("month,category,amount\n2027-01,rent,1000\n2027-01,Rent,1000.50\n2027-02,staff,5\n", "canal")
    assert read.rows == 3
    assert read.amounts == {(2027, 1, "rent"): D("2000.50"), (2027, 2, "staff"): D("5.00")}
    assert [str(v) for v in read.amounts.values()] == ["2000.50", "5.00"]


def test_semicolons_tabs_decimal_commas_a_bom_blank_lines_and_any_column_order():
    text = "\ufeffAmount;Category;Month\n\n1234,50;service charges;2027-03\n;;\n"
    assert parse_costs(text, "canal").amounts == {(2027, 3, "service_charges"): D("1234.50")}
    tabbed = "month\tcategory\tamount\n2027-03\tService-Charges\t7\n"
    assert parse_costs(tabbed, "canal").amounts == {(2027, 3, "service_charges"): D("7.00")}


def test_old_mac_line_ends_read_line_by_line():
    read = parse_costs("month,category,amount\r2027-01,rent,1000\r2027-02,rent,900\r", "canal")
    assert read.rows == 2
    assert read.amounts == {(2027, 1, "rent"): D("1000.00"), (2027, 2, "rent"): D("900.00")}


def test_a_workspace_column_must_name_this_workspace_or_be_empty():
    text = "workspace,month,category,amount\ncanal,2027-01,rent,1\n,2027-01,rent,2\nnuit,2027-01,rent,3\n"
    problem = refused(text)
    assert problem.extra["errors"] == [{"line": 4, "message": "workspace 'nuit' is not canal"}]
    assert parse_costs(text.rsplit("nuit", 1)[0], "canal").amounts == {(2027, 1, "rent"): D("3.00")}


def test_every_bad_line_is_listed_with_its_number_and_the_first_is_in_the_detail():
    text = (
        "month;category;amount\n2027-01;rent;2000,00\n2027-13;rent;1\n2027-02;coffee;3\n"
        "2027-02;staff;12.345\n2027-02;staff\n"
    )
    problem = refused(text)
    assert [e["line"] for e in problem.extra["errors"]] == [3, 4, 5, 6]
    assert problem.extra["errors"][1]["message"].startswith("unknown category 'coffee' (one of rent, ")
    assert problem.extra["errors"][3]["message"] == "expected 3 columns, found 2"
    assert problem.detail == "Nothing was imported. Line 3: 'month' must be a month as YYYY-MM. (and 3 more)"


def test_a_closed_month_is_refused_among_the_other_problems_in_line_order():
    text = "month,category,amount\n2027-02,coffee,1\n2027-01,rent,5\n2028-01,rent,5\n"
    problem = refused(text, closed={(2027, 1)})
    assert [e["line"] for e in problem.extra["errors"]] == [2, 3]
    assert problem.extra["errors"][1] == {
        "line": 3,
        "message": "2027-01 is closed: reopen it, import the file, then close it again",
        "reason": "month_closed",
        "month": "2027-01",
    }
    assert parse_costs(text.replace("coffee", "rent"), "canal", closed={(2026, 1)}).rows == 3


def test_the_header_must_name_month_category_and_amount():
    problem = refused("month,cost\n2027-01,5\n")
    assert problem.detail == (
        "Line 1: the header must name the columns month, category, amount (missing: category, amount)."
    )
    assert problem.extra["errors"] == [{"line": 1, "message": "missing columns: category, amount"}]
    assert refused("").extra["errors"][0]["line"] == 1


def test_a_file_without_rows_is_refused():
    assert refused("month,category,amount\n\n").extra["errors"] == [{"line": 2, "message": "the file has no rows"}]


def test_a_file_that_is_not_csv_names_the_line():
    problem = refused("month,category,amount\n2027-03,rent," + "9" * 200_000 + "\n")
    assert problem.detail.startswith("Line 2: the file cannot be read as CSV (")
    assert problem.extra["errors"][0]["line"] == 2


def test_more_rows_than_the_limit_are_refused_at_the_first_row_over_it():
    header, row = "month,category,amount\n", "2027-01,rent,1\n"
    assert parse_costs(header + row * MAX_IMPORT_ROWS, "canal").rows == MAX_IMPORT_ROWS
    over = refused(header + row * (MAX_IMPORT_ROWS + 5))
    assert over.extra["errors"] == [{"line": MAX_IMPORT_ROWS + 2, "message": f"more than {MAX_IMPORT_ROWS} rows"}]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("rent", "rent"), (" Service charges ", "service_charges"), ("service-charges", "service_charges"), ("x", None)],
)
def test_category_names_are_matched_loosely(cell, expected):
    assert category(cell) == expected
