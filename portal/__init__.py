"""The project shell, the top layer: the root URL configuration, which mounts every app's pages, and the demo
and benchmark data, which fill every app (`manage.py seed_demo`, `manage.py seed_bench`). Nothing below imports
it (docs/ARCHITECTURE.md)."""
