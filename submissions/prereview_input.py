"""What the automatic pre-review (the `prereview` app, a layer below) reads of a submission: its shown answers as
stored (submissions.answers: codes, ISO dates, plain decimals, region codes), its variables and the words the
title helper needs. `prereview` imports nothing of submissions; this module hands it a plain `Design`."""

import dataclasses

from django.utils.translation import get_language

from prereview.engine import Result, enabled_rules_stamp, evaluate
from prereview.kinds import Design
from prereview.title import title_proposal
from romantik.kept import Kept

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


# The results kept per version of a submission and content of the rules (`prereview_results_kept`), per process:
# 500 submissions at most, a result list being a few dozen small objects.
_kept = Kept(ttl=600, most=500)


def prereview_results_kept(submission: Submission) -> list[Result]:
    """`prereview_results` of a submission as stored (the review page, issue 20), evaluated once per version and
    rules: the key holds the submission's version (pk and `updated_at`, which every save of its form, of its
    regions with it, and every write of a variable bumps in the same transaction), every column of every enabled
    rule (`prereview.engine.enabled_rules_stamp`, read each time: one plain query, so a rule changed on the
    catalogue's page applies at once) and the language.
    What is not in the key (the name of a region, a sector's label) is kept at most ten minutes. On a kept version
    the variables are not read. Each call returns its own copies (a page marks them `noted`)."""
    if submission.pk is None or submission.updated_at is None:
        return evaluate(prereview_design(submission))
    key = (submission.pk, submission.updated_at, get_language(), enabled_rules_stamp())
    # The rules are read again as models only when the results are made again.
    results = _kept.get(key, lambda: evaluate(prereview_design(submission)))
    return [dataclasses.replace(result) for result in results]


def prereview_context(submission: Submission) -> dict:
    """For a page of the submission: `prereview` (the results) and `title_proposal` (the title helper's)."""
    design = prereview_design(submission)
    return {"prereview": evaluate(design), "title_proposal": title_proposal(design)}
