"""The review service: an HTTP API and review pages over one loaded model (``mt serve``)."""
