"""What the letters announce to the layers above them (see review/signals.py for how these are used)."""

from django.dispatch import Signal

# The signed letter issued its submission (letters.issuing): kwargs `submission`, `letter`. In the same
# transaction, satisfaction asks the agency to rate the service and the catalogue lists the activity.
letter_issued = Signal()
