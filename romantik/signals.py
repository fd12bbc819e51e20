"""What the core announces to the layers above it (docs/ARCHITECTURE.md "Layers"; see review/signals.py for how
these are used). Receivers run at once, inside the sender's transaction."""

from django.dispatch import Signal

# A user asked to act for an agency and an officer of `office` must verify it (romantik.services.membership_request):
# kwargs `membership`, `office`. notifications tells the office's verifiers.
membership_pending = Signal()

# An officer verified or rejected a membership (romantik.services.membership_decide): kwargs `membership`,
# `approved`, `note`. notifications tells the user.
membership_decided = Signal()

# An office admin invited a colleague to an office's staff (romantik.staff.staff_invite): kwargs `user`, `office`,
# `actor`, `roles` (Role values), `set_password_url` ("" when the account has a password already). notifications
# sends the invitation.
staff_invited = Signal()

# An office admin merged a duplicate agency into another (romantik.agencies.agency_merge), after every row moved:
# kwargs `duplicate`, `into`, `actor`. The catalogue rewrites the search text of the activities now under `into`.
agency_merged = Signal()
