"""Annual reports on building rule-of-law government (法治政府建设年度报告) → SQLite.

Data flows one way: file → text (read) → clean text + header fields (clean) →
report metadata (metadata, regions) → sections (outline) → facts, indicators,
keywords, search text → rows (db).
"""
