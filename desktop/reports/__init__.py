"""PDF documents (reportlab): fonts, mixed-script text, vertical Mongolian, the page template and
one builder per document. Builders take the plain inputs of ``desktop.reports.inputs``."""
