"""The pages: each draws what smartpick_core computed for this run's Dashboard (smartpick_app.state)."""
