"""The API and pages, by area: translation, checking, review, jobs."""
