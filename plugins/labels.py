"""Chinese titles for columns, facets and coded values, taken from metadata.yml.

Templates call column_label(database, table, column) and value_label(column,
value); the words come from the column descriptions, so one edit to
metadata.yml changes both.
"""
from datasette import hookimpl

from fazhi import site


@hookimpl
def prepare_jinja2_environment(env, datasette):
    columns_of = {}  # the metadata is read once, at start-up; a page asks for every column's label

    def column_label(database, table, column):
        if (database, table) not in columns_of:
            columns_of[database, table] = (datasette.table_metadata(database, table) or {}).get("columns") or {}
        return site.chinese_label(columns_of[database, table].get(column))

    env.globals["column_label"] = column_label
    env.globals["value_label"] = site.value_label
