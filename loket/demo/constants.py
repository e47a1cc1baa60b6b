DEMO_PASSWORD = "demo-loket-2026"
