# Transition and RoundSnapshot now belong to submissions (submissions 0006 took them over with their tables and
# rows); review only forgets them. Nothing is dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0003_state_withdrawn"),
        ("submissions", "0006_transition_roundsnapshot_from_review"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Transition"),
                migrations.DeleteModel(name="RoundSnapshot"),
            ],
            database_operations=[],
        ),
    ]
