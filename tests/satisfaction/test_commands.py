"""`import_skm` (paper questionnaires, all or nothing) and `ikm` (the index of an office and period)."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command

from satisfaction.enums import Source
from satisfaction.models import SurveyResponse

from .conftest import Q1_2026

HEADER = "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,comment"


def write(tmp_path, text: str, *, name="skm.csv", encoding="utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def problem_lines(stderr: str) -> dict[int, str]:
    """{line number: message} of each "Baris N: …" line."""
    found = {}
    for text in stderr.splitlines():
        match = re.match(r"^Baris (\d+): (.*)$", text)
        if match:
            found[int(match.group(1))] = match.group(2)
    return found


# --- import_skm ---------------------------------------------------------------------------------------


def test_import_loads_every_row_of_a_good_file(tmp_path, office_world):
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "2026-01-05,4,3,3,4,3,3,4,2,3,Petugas ramah\n"
        "2026-02-10,3,3,2,4,3,4,4,3,3,\n"
        "\n"  # a blank line is allowed
        '2026-03-02,4,4,3,4,3,3,3,3,2,"Antre lama, tapi jelas"\n',
    )

    out, err = run("import_skm", "--office", "6202", path)

    assert err == ""
    assert "3" in out
    rows = list(SurveyResponse.objects.order_by("answered_on"))
    assert [(r.answered_on, r.scores, r.comment, r.source, r.office.code) for r in rows] == [
        (datetime.date(2026, 1, 5), (4, 3, 3, 4, 3, 3, 4, 2, 3), "Petugas ramah", Source.PAPER, "6202"),
        (datetime.date(2026, 2, 10), (3, 3, 2, 4, 3, 4, 4, 3, 3), "", Source.PAPER, "6202"),
        (datetime.date(2026, 3, 2), (4, 4, 3, 4, 3, 3, 3, 3, 2), "Antre lama, tapi jelas", Source.PAPER, "6202"),
    ]


def test_the_same_file_is_loaded_only_once_per_office(tmp_path, office_world):
    text = f"{HEADER}\n2026-01-05,4,3,3,4,3,3,4,2,3,Petugas ramah\n2026-02-10,3,3,2,4,3,4,4,3,3,\n"
    first = write(tmp_path, text, name="skm-januari.csv")
    run("import_skm", "--office", "6202", first)
    # The operator runs it again, or loads a copy under another name: nothing is counted twice.
    copy = write(tmp_path, text, name="skm-januari (1).csv")
    for path in (first, copy):
        with pytest.raises(CommandError, match=r"already loaded .* as skm-januari\.csv \(2 questionnaire\(s\)\)"):
            run("import_skm", "--office", "6202", path)
    assert SurveyResponse.objects.count() == 2
    assert len({r.paper_import_id for r in SurveyResponse.objects.all()}) == 1
    # Another file (one more questionnaire) loads.
    more = write(tmp_path, text + "2026-03-02,4,4,3,4,3,3,3,3,2,\n", name="skm-maret.csv")
    run("import_skm", "--office", "6202", more)
    assert SurveyResponse.objects.count() == 5


def test_import_reads_semicolons_a_bom_day_first_dates_and_no_comment_column(tmp_path, office_world):
    path = write(
        tmp_path,
        "\ufeffTanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9\r\n05/01/2026;4;3;3;4;3;3;4;2;3\r\n31/03/2026;3;2;3;4;4;3;4;2;3\r\n",
    )

    run("import_skm", "--office", "6202", path)

    assert list(SurveyResponse.objects.order_by("answered_on").values_list("answered_on", "u1", "u9", "comment")) == [
        (datetime.date(2026, 1, 5), 4, 3, ""),
        (datetime.date(2026, 3, 31), 3, 3, ""),
    ]


def test_import_rejects_bad_rows_with_their_line_numbers_and_loads_nothing(tmp_path, office_world):
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "2026-01-05,4,3,3,4,3,3,4,2,3,baik\n"  # line 2: good
        "2026-01-06,4,3,3,4,5,3,4,2,3,\n"  # line 3: u5 = 5
        "2026-01-07,4,3,3,4,3,3,4\n"  # line 4: u8 and u9 missing
        "2026-02-30,4,3,3,4,3,3,4,2,3,\n"  # line 5: no such date
        "2026-01-08,4,3,,4,3,3,4,2,3,\n"  # line 6: u3 empty
        "2026-01-09,4,3,3,4,3,3,4,2,3,baik\n",  # line 7: good
    )

    with pytest.raises(CommandError) as error:
        run("import_skm", "--office", "6202", path)

    assert "nothing was loaded" in str(error.value)
    assert SurveyResponse.objects.count() == 0


def test_import_prints_each_bad_row_as_baris_n(tmp_path, office_world):
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "2026-01-05,4,3,3,4,3,3,4,2,3,baik\n"
        "2026-01-06,4,3,3,4,5,3,4,2,3,\n"
        "2026-01-07,4,3,3,4,3,3,4\n"
        "2026-02-30,4,3,3,4,3,3,4,2,3,\n"
        "2026-01-08,4,3,,4,3,3,4,2,3,\n"
        "2026-01-09,4,3,3,4,3,3,4,2,3,baik\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_skm", "--office", "6202", path, stdout=io.StringIO(), stderr=err)

    problems = problem_lines(err.getvalue())
    assert sorted(problems) == [3, 4, 5, 6]
    assert "u5" in problems[3] and "5" in problems[3]
    assert "u8" in problems[4] and "u9" in problems[4]
    assert "2026-02-30" in problems[5]
    assert "u3" in problems[6]
    assert all(line.startswith("Baris ") for line in err.getvalue().splitlines())


def test_import_refuses_a_header_without_a_score_column(tmp_path, office_world):
    path = write(tmp_path, "date,u1,u2,u3,u4,u5,u6,u7,u8,comment\n2026-01-05,4,3,3,4,3,3,4,2,baik\n")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_skm", "--office", "6202", path, stdout=io.StringIO(), stderr=err)

    problems = problem_lines(err.getvalue())
    assert list(problems) == [1]
    assert "u9" in problems[1]
    assert SurveyResponse.objects.count() == 0


def test_import_line_numbers_count_lines_inside_quoted_comments(tmp_path, office_world):
    path = write(
        tmp_path,
        f'{HEADER}\n2026-01-05,4,3,3,4,3,3,4,2,3,"two\nlines"\n2026-01-06,4,3,3,4,3,3,4,2,9,\n',
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_skm", "--office", "6202", path, stdout=io.StringIO(), stderr=err)
    assert list(problem_lines(err.getvalue())) == [4]


def test_import_refuses_a_future_date(tmp_path, office_world):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    path = write(tmp_path, f"{HEADER}\n{tomorrow:%Y-%m-%d},4,4,4,4,4,4,4,4,4,\n")
    with pytest.raises(CommandError):
        run("import_skm", "--office", "6202", path)
    assert SurveyResponse.objects.count() == 0


def test_import_needs_a_known_office_and_an_existing_file(tmp_path, office_world):
    path = write(tmp_path, f"{HEADER}\n2026-01-05,4,3,3,4,3,3,4,2,3,\n")
    with pytest.raises(CommandError, match="9999"):
        run("import_skm", "--office", "9999", path)
    with pytest.raises(CommandError, match="No such file"):
        run("import_skm", "--office", "6202", str(tmp_path / "missing.csv"))


def test_import_of_an_empty_file_loads_nothing(tmp_path, office_world):
    with pytest.raises(CommandError):
        run("import_skm", "--office", "6202", write(tmp_path, ""))
    with pytest.raises(CommandError):
        run("import_skm", "--office", "6202", write(tmp_path, HEADER + "\n", name="header.csv"))


# --- ikm --------------------------------------------------------------------------------------------


def test_ikm_command_prints_nrr_per_element_and_the_index_last(hand_data):
    out, _err = run("ikm", "--office", "6202", "--year", "2026", "--quarter", "1")

    lines = out.strip().splitlines()
    assert lines[-1] == "IKM 79.86 B"
    nrr_lines = [line for line in lines if re.match(r"^U\d ", line)]
    assert [line.split()[0] for line in nrr_lines] == [f"U{i}" for i in range(1, 10)]
    assert [line.split()[-1] for line in nrr_lines] == [
        "3.50",
        "3.00",
        "2.75",
        "4.00",
        "3.25",
        "3.25",
        "3.75",
        "2.50",
        "2.75",
    ]
    assert "4" in lines[0]  # respondents


def test_ikm_command_for_a_whole_year(hand_data):
    out, _err = run("ikm", "--office", "6202", "--year", "2026")
    assert out.strip().splitlines()[-1] == "IKM 83.89 B"


def test_ikm_command_after_an_import(tmp_path, office_world):
    rows = "\n".join(f"{day:%Y-%m-%d},{','.join(map(str, scores))}," for day, scores in Q1_2026)
    run("import_skm", "--office", "6202", write(tmp_path, f"{HEADER}\n{rows}\n"))
    out, _err = run("ikm", "--office", "6202", "--year", "2026", "--quarter", "1")
    assert out.strip().splitlines()[-1] == "IKM 79.86 B"


def test_ikm_command_errors(hand_data):
    with pytest.raises(CommandError, match="9999"):
        run("ikm", "--office", "9999", "--year", "2026")
    with pytest.raises(CommandError, match="No survey responses"):
        run("ikm", "--office", "6202", "--year", "2026", "--quarter", "3")
