"""What the workflow announces to the layers above it (docs/ARCHITECTURE.md "Layers").

A lower app never imports a higher one; when one of its steps must start work there, it sends one of these
signals and the higher app connects a receiver in its `AppConfig.ready`. Receivers run at once, inside the
step's transaction (a failing receiver undoes the step), so what they write is committed with it."""

from django.dispatch import Signal

# A reviewer decided layak / tidak layak (review.services.review_decide): kwargs `submission` (locked), `actor`.
# letters prepares the draft letter.
submission_decided = Signal()
