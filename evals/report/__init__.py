"""Reports of a run: rich terminal table, Markdown, and a self-contained HTML page."""

from evals.report.html import html_report
from evals.report.text import markdown_report, print_report

__all__ = ["html_report", "markdown_report", "print_report"]
