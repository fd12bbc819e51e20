"""What the automatic pre-review (the `prereview` app, a layer below) reads of a submission: its shown answers as
stored (submissions.answers: codes, ISO dates, plain decimals, region codes), its variables and the words the
title helper needs. `prereview` imports nothing of submissions; this module hands it a plain `Design`."""

from prereview.engine import Result, evaluate
from prereview.kinds import Design
from prereview.title import title_proposal

from .answers import plain_value, question_shown
from .enums import Coverage
from .models import Submission
from .sections import sections_for


def prereview_design(submission: Submission) -> Design:
    answers = {}
    for section in sections_for(submission):
        for question in section.questions_for(submission):
            if question.field == "coverage_regions" or not question_shown(submission, question):
                continue
            answers[question.field] = plain_value(getattr(submission, question.field))
    regions = []
    if submission.coverage == Coverage.PARTIAL and submission.pk:  # 4.5 is asked for part of Indonesia only
        regions = [{"code": r.code, "name": r.display_name} for r in submission.coverage_regions.all()]
    variables = list(submission.variables.values("name", "definition", "question_text")) if submission.pk else []
    organiser = submission.organizer_regency or submission.organizer_province
    return Design(
        kind=submission.kind,
        title=submission.title,
        answers=answers,
        variables=variables,
        regions=regions,
        words={
            "area": organiser.display_name if organiser else "",
            "subject": submission.get_sector_display() if submission.sector else "",
            "year": submission.year,
        },
    )


def prereview_results(submission: Submission) -> list[Result]:
    """The catalogue's results for the submission (one query for the rules, one for the variables)."""
    return evaluate(prereview_design(submission))


def prereview_context(submission: Submission) -> dict:
    """For a page of the submission: `prereview` (the results) and `title_proposal` (the title helper's)."""
    design = prereview_design(submission)
    return {"prereview": evaluate(design), "title_proposal": title_proposal(design)}
