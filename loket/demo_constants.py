"""The demo password, apart from the demo package: the launcher prints it without loading
Django (importing ``loket.demo`` would load the models)."""

DEMO_PASSWORD = "demo-loket-2026"
