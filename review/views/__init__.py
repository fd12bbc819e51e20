"""Views of the review workflow, one module per capability; each module has its own `urlpatterns`.

The review page of one submission: `detail` (the page itself), `actions` (how every action on it runs and shows a
refusal), `decisions` (record complete, return incomplete, return for revision, propose the decision),
`assignments` (assign, take), `notes` (reviewers' notes and the agency's response), `comments` (internal
comments), `consultations` (ask a colleague, answer, the questions addressed to me). Beside it: `diff` (what
changed between rounds), `queue` (an office's queue), `workspace` (an office's home).
"""
