"""The guided start for a council new to social value: a task list, one question per page."""
