"""Word (.docx) papers, for secretaries who edit before signing; written with python-docx."""
